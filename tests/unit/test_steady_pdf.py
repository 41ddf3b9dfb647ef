"""images.steady_pdf: the same page printed twice gives the same bytes, though
Chromium names a tagged PDF's structure after DOM nodes, counted from
whenever the page began (what it drew before changes the numbers)."""

from __future__ import annotations

from timeline.images import steady_pdf


def test_structure_ids_are_numbered_in_their_own_order_keeping_lengths() -> None:
    first = b"%PDF-1.7\n/ID (node00001532)\n/ID (node00001440)\n/IDTree /Names [(node00001440) 1 0 R (node00001532) 2 0 R]\n"
    again = first.replace(b"00001532", b"00001901").replace(b"00001440", b"00001809")  # the same page, drawn later
    assert first != again
    assert steady_pdf(first) == steady_pdf(again)
    assert len(steady_pdf(first)) == len(first)  # the xref offsets still hold
    # In their own order: the ID tree's names stay sorted.
    assert b"[(node00000001) 1 0 R (node00000002) 2 0 R]" in steady_pdf(first)
    assert b"/ID (node00000002)\n/ID (node00000001)" in steady_pdf(first)


def test_dates_are_fixed() -> None:
    data = b"/CreationDate (D:20261204223300+00'00')\n"
    assert steady_pdf(data) != data and len(steady_pdf(data)) == len(data)
    assert b"D:2026" not in steady_pdf(data)
