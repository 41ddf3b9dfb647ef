// ESLint for the pages' scripts (timeline/static/*.js), run by scripts/test.
// The versions are pinned in package-lock.json; scripts/setup test installs them.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["timeline/static/**/*.js"],
    languageOptions: {
      // Plain scripts inlined into the pages, each an IIFE adding to
      // window.Timeline, written in ES5 syntax (and ES2019's catch without a
      // binding) with ES2015+ built-ins (Promise, Map, typed arrays). What
      // limits the syntax is the pages' floor, browsers since 2023
      // (DecompressionStream), which all parse ES2022; anything newer is a
      // parse error here.
      sourceType: "script",
      ecmaVersion: 2022,
      globals: {
        ...globals.browser,
        L: "readonly", // Leaflet
        Plotly: "readonly",
      },
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used" }],
      // x == null (null or undefined) is the code's idiom; any other == is a slip.
      eqeqeq: ["error", "smart"],
      // Each file is an IIFE in strict mode; nothing leaks onto window but Timeline.
      strict: ["error", "function"],
      "no-implicit-globals": "error",
      // With var, the classic slips: a closure over a loop's variable, a
      // variable read before its assignment in the same function.
      // (block-scoped-var is left out: reusing an earlier loop's var, as
      // map-cluster.js does, is not one.)
      "no-loop-func": "error",
      "no-use-before-define": ["error", { functions: false, classes: true, variables: false }],
      "array-callback-return": "error",
      "no-unused-expressions": "error",
      // Browser globals a forgotten declaration silently reads instead of
      // failing: event, name, status, ...
      "no-restricted-globals": [
        "error",
        "event", "name", "status", "length", "top", "parent", "self", "opener",
        "close", "closed", "open", "find", "print", "stop", "origin", "external",
      ],
      // The pages' content security policy refuses evaluated strings (without
      // 'unsafe-eval' below 500 events), so these would fail only in a browser.
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-script-url": "error",
    },
  },
  {
    files: ["eslint.config.mjs"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
