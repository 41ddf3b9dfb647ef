"""The package's version, in a module of its own so that any module can import
it at the top without importing the package's whole public interface first."""

__version__ = "0.1.0"
