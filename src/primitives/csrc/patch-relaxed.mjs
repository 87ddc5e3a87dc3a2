// Rewrites clang 14's pre-standard i8x16.relaxed_swizzle opcode (0xfd, LEB 0xa2) to the standard
// one (0xfd, LEB 0x100) in a wasm file, in place. Argument 2 is how many relaxed_swizzle
// instructions the disassembler found: the byte pattern must occur exactly that often (else a
// match could be data, not an instruction), or the file must already use the standard opcode.
import { readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';

const [file, expectedText] = process.argv.slice(2);
const expected = Number(expectedText);
const bytes = readFileSync(file);
const OLD = [0xfd, 0xa2, 0x01];
const NEW = [0xfd, 0x80, 0x02];
const find = (pat) => {
  const at = [];
  for (let i = 0; i + pat.length <= bytes.length; i++)
    if (pat.every((b, j) => bytes[i + j] === b)) at.push(i);
  return at;
};
const old = find(OLD);
if (old.length === expected && expected > 0) {
  for (const i of old) NEW.forEach((b, j) => (bytes[i + j] = b));
  writeFileSync(file, bytes);
  process.stdout.write(`patched ${old.length} relaxed_swizzle opcodes in ${file}\n`);
} else if (old.length === 0 && find(NEW).length === expected) {
  process.stdout.write(`${file} already uses the standard relaxed_swizzle opcode\n`);
} else {
  process.stderr.write(
    `refusing to patch ${file}: ${old.length} candidate byte sequences, ${expected} instructions\n`,
  );
  process.exit(1);
}
