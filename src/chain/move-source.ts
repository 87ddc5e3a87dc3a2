/**
 * Reads Floe's Move sources with the tree-sitter Move grammar shipped in
 * `@mysten/prettier-plugin-move` (loaded through `web-tree-sitter`), so that TypeScript tests can
 * hold the embedded chain, the Sui adapter and the abort-code table in lockstep with the `.move`
 * files. It reads declarations only (modules, structs, enums, functions, constants); it checks
 * syntax, never types.
 *
 * Usage:
 * ```ts
 * const reader = await MoveSourceReader.create();
 * const modules = reader.readPackage('move/sources');
 * const events = modules.find((m) => m.name === 'events')!.structs;
 * ```
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { InvalidInputError } from '../util/errors.ts';

/** A named, typed slot: a struct field or a function parameter. `type` is source text without whitespace except after `&mut`, e.g. `vector<vector<u16>>`, `&mut System`. */
export interface MoveTyped {
  readonly name: string;
  readonly type: string;
}

export interface MoveStruct {
  readonly name: string;
  readonly isPublic: boolean;
  /** Abilities in declaration order, e.g. `['copy', 'drop']`. */
  readonly abilities: readonly string[];
  /** Named fields in declaration order (empty for a struct without fields). */
  readonly fields: readonly MoveTyped[];
  readonly testOnly: boolean;
}

export interface MoveEnumVariant {
  readonly name: string;
  readonly fields: readonly MoveTyped[];
}

export interface MoveEnum {
  readonly name: string;
  readonly abilities: readonly string[];
  readonly variants: readonly MoveEnumVariant[];
  readonly testOnly: boolean;
}

export type MoveVisibility = 'public' | 'package' | 'private';

export interface MoveFunction {
  readonly name: string;
  readonly visibility: MoveVisibility;
  readonly entry: boolean;
  readonly isMacro: boolean;
  /** Type parameters as written, e.g. `['T: copy + drop']` (whitespace normalised to single spaces). */
  readonly typeParams: readonly string[];
  readonly params: readonly MoveTyped[];
  /** Return types; a tuple return is split into its members, no return is `[]`. */
  readonly returns: readonly string[];
  /** `#[test_only]` or `#[test]`. */
  readonly testOnly: boolean;
  /** `#[test]`. */
  readonly isTest: boolean;
  /** The constant named by `#[expected_failure(abort_code = ...)]`, as written, if any. */
  readonly expectedAbort: string | null;
  readonly line: number;
}

/** An `#[error(code = N)] const EName: vector<u8> = b"..."` constant. */
export interface MoveErrorConstant {
  readonly name: string;
  readonly code: number;
  readonly message: string;
  readonly line: number;
}

export interface MoveConstant {
  readonly name: string;
  readonly type: string;
  /** Source text of the value expression. */
  readonly value: string;
}

export interface MoveModule {
  /** Address part, e.g. `floe`. */
  readonly address: string;
  /** Module name, e.g. `events`. */
  readonly name: string;
  /** Path of the file as given to the reader. */
  readonly file: string;
  readonly testOnly: boolean;
  readonly structs: readonly MoveStruct[];
  readonly enums: readonly MoveEnum[];
  readonly functions: readonly MoveFunction[];
  readonly errors: readonly MoveErrorConstant[];
  readonly constants: readonly MoveConstant[];
}

/** One ERROR or MISSING node of the parse tree, 1-based line and column. */
export interface MoveSyntaxIssue {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Thrown by the strict readers when a `.move` file does not parse. */
export class MoveSyntaxError extends InvalidInputError {
  readonly issues: readonly MoveSyntaxIssue[];
  constructor(issues: readonly MoveSyntaxIssue[]) {
    const first = issues[0];
    super(
      `Move syntax error${issues.length > 1 ? `s (${issues.length})` : ''}: ` +
        (first === undefined ? '' : `${first.file}:${first.line}:${first.column} ${first.message}`),
      { code: 'MOVE_SYNTAX' },
    );
    this.issues = issues;
  }
}

const require = createRequire(import.meta.url);

/** Where the tree-sitter grammar of the prettier plugin lives. */
export function moveGrammarPath(): string {
  const pkg = require.resolve('@mysten/prettier-plugin-move/package.json');
  return join(dirname(pkg), 'tree-sitter-move.wasm');
}

let languagePromise: Promise<Language> | undefined;

async function loadLanguage(): Promise<Language> {
  languagePromise ??= (async () => {
    await Parser.init();
    return Language.load(moveGrammarPath());
  })();
  return languagePromise;
}

/** Parses Move source text into declarations. Create once (`await MoveSourceReader.create()`), use synchronously. */
export class MoveSourceReader {
  readonly #parser: Parser;

  private constructor(parser: Parser) {
    this.#parser = parser;
  }

  /** Loads the grammar (once per process) and returns a reader. */
  static async create(): Promise<MoveSourceReader> {
    const language = await loadLanguage();
    const parser = new Parser();
    parser.setLanguage(language);
    return new MoveSourceReader(parser);
  }

  /** Syntax issues (ERROR / MISSING nodes) of one source text; `[]` when it parses cleanly. */
  syntaxIssues(source: string, file = '<source>'): MoveSyntaxIssue[] {
    if (typeof source !== 'string') throw new TypeError('source must be a string');
    const tree = this.#parser.parse(source);
    if (tree === null)
      throw new MoveSyntaxError([{ file, line: 1, column: 1, message: 'parser returned no tree' }]);
    const issues: MoveSyntaxIssue[] = [];
    const visit = (node: Node): void => {
      if (node.isError || node.isMissing) {
        issues.push({
          file,
          line: node.startPosition.row + 1,
          column: node.startPosition.column + 1,
          message: node.isMissing
            ? `missing ${node.type}`
            : `unexpected ${JSON.stringify(node.text.slice(0, 40))}`,
        });
        if (node.isError) return;
      }
      if (!node.hasError && !node.isMissing) return;
      for (const child of node.children) if (child !== null) visit(child);
    };
    visit(tree.rootNode);
    tree.delete();
    return issues;
  }

  /**
   * Reads the modules declared in one source text.
   * @throws MoveSyntaxError when the text does not parse.
   */
  parseSource(source: string, file = '<source>'): MoveModule[] {
    const issues = this.syntaxIssues(source, file);
    if (issues.length > 0) throw new MoveSyntaxError(issues);
    const tree = this.#parser.parse(source);
    if (tree === null)
      throw new MoveSyntaxError([{ file, line: 1, column: 1, message: 'parser returned no tree' }]);
    try {
      return namedChildren(tree.rootNode)
        .filter((n) => n.type === 'module_definition')
        .map((n) => readModule(n, file, annotationsBefore(tree.rootNode, n)));
    } finally {
      tree.delete();
    }
  }

  /** Reads one `.move` file. @throws MoveSyntaxError, or the fs error when unreadable. */
  readFile(path: string): MoveModule[] {
    return this.parseSource(readFileSync(path, 'utf8'), path);
  }

  /** Reads every `.move` file under `dir` (recursively, sorted by path). */
  readPackage(dir: string): MoveModule[] {
    return listMoveFiles(dir).flatMap((f) => this.readFile(f));
  }
}

/** Every `.move` file under `dir`, recursively, sorted. @throws RangeError when `dir` is not a directory. */
export function listMoveFiles(dir: string): string[] {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new RangeError(`dir is not a directory: ${dir}`);
  }
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name.endsWith('.move')) out.push(p);
    }
  };
  walk(dir);
  return out.sort((a, b) => relative(dir, a).localeCompare(relative(dir, b)));
}

// --- tree walking -----------------------------------------------------------------------------

function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

function compact(text: string): string {
  return text.replace(/\s+/g, '').replace(/^&mut(?=\S)/, '&mut ');
}

function spaced(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Annotation names (with their text) directly preceding `target` among `parent`'s children. */
function annotationsBefore(parent: Node, target: Node): string[] {
  const kids = namedChildren(parent).filter((c) => c.type !== 'newline');
  const idx = kids.findIndex((c) => c.id === target.id);
  const out: string[] = [];
  for (let i = idx - 1; i >= 0; i--) {
    const k = kids[i]!;
    if (k.type === 'annotation') out.unshift(compact(k.text));
    else if (k.type === 'line_comment' || k.type === 'block_comment') continue;
    else break;
  }
  return out;
}

function hasAnnotation(annotations: readonly string[], name: string): boolean {
  const re = new RegExp(`[\\[,]${name}(?:[,(\\]=]|$)`);
  return annotations.some((a) => re.test(a));
}

function readModule(node: Node, file: string, moduleAnnotations: string[]): MoveModule {
  const identity = node.childForFieldName('module_identity');
  const address = identity?.childForFieldName('address')?.text ?? '';
  const name = identity?.childForFieldName('module')?.text ?? '';
  const body = node.childForFieldName('module_body') ?? node;
  const structs: MoveStruct[] = [];
  const enums: MoveEnum[] = [];
  const functions: MoveFunction[] = [];
  const errors: MoveErrorConstant[] = [];
  const constants: MoveConstant[] = [];
  for (const item of namedChildren(body)) {
    const ann = () => annotationsBefore(body, item);
    switch (item.type) {
      case 'struct_definition':
        structs.push(readStruct(item, ann()));
        break;
      case 'enum_definition':
        enums.push(readEnum(item, ann()));
        break;
      case 'function_definition':
      case 'macro_function_definition':
        functions.push(readFunction(item, ann()));
        break;
      case 'constant': {
        const c = readConstant(item);
        const annotations = ann();
        const err = annotations.map((a) => /error\(code=(\d+)\)/.exec(a)).find((m) => m !== null);
        if (err) {
          errors.push({
            name: c.name,
            code: Number(err[1]),
            message: decodeByteString(c.value),
            line: item.startPosition.row + 1,
          });
        } else constants.push(c);
        break;
      }
      default:
        break;
    }
  }
  return {
    address,
    name,
    file,
    testOnly: hasAnnotation(moduleAnnotations, 'test_only'),
    structs,
    enums,
    functions,
    errors,
    constants,
  };
}

function readFields(fieldsNode: Node | null): MoveTyped[] {
  if (fieldsNode === null) return [];
  const out: MoveTyped[] = [];
  const visit = (n: Node): void => {
    if (n.type === 'field_annotation') {
      out.push({
        name: n.childForFieldName('field')?.text ?? '',
        type: compact(n.childForFieldName('type')?.text ?? ''),
      });
      return;
    }
    for (const c of namedChildren(n)) visit(c);
  };
  visit(fieldsNode);
  return out;
}

function readAbilities(node: Node): string[] {
  const decl = node.childForFieldName('ability_declarations');
  if (decl === null) return [];
  return namedChildren(decl)
    .filter((c) => c.type === 'ability')
    .map((c) => c.text.trim());
}

function readStruct(node: Node, annotations: string[]): MoveStruct {
  return {
    name: node.childForFieldName('name')?.text ?? '',
    isPublic: node.children.some((c) => c?.type === 'public'),
    abilities: readAbilities(node),
    fields: readFields(node.childForFieldName('struct_fields')),
    testOnly: hasAnnotation(annotations, 'test_only'),
  };
}

function readEnum(node: Node, annotations: string[]): MoveEnum {
  const variantsNode = node.childForFieldName('enum_variants');
  const variants = variantsNode
    ? namedChildren(variantsNode)
        .filter((v) => v.type === 'variant')
        .map((v) => ({
          name: v.childForFieldName('variant_name')?.text ?? '',
          fields: readFields(v.childForFieldName('fields')),
        }))
    : [];
  return {
    name: node.childForFieldName('name')?.text ?? '',
    abilities: readAbilities(node),
    variants,
    testOnly: hasAnnotation(annotations, 'test_only'),
  };
}

function readFunction(node: Node, annotations: string[]): MoveFunction {
  const modifiers = node.children
    .filter((c): c is Node => c?.type === 'modifier')
    .map((m) => compact(m.text));
  let visibility: MoveVisibility = 'private';
  if (modifiers.includes('public')) visibility = 'public';
  if (modifiers.some((m) => m.startsWith('public(package)') || m.startsWith('public(friend)'))) {
    visibility = 'package';
  }
  const paramsNode = node.childForFieldName('parameters');
  const params: MoveTyped[] = paramsNode
    ? namedChildren(paramsNode)
        .filter((p) => p.type === 'function_parameter')
        .map((p) => ({
          name: p.childForFieldName('name')?.text ?? '',
          type: compact(p.childForFieldName('type')?.text ?? ''),
        }))
    : [];
  const ret = node.childForFieldName('return_type');
  let returns: string[] = [];
  if (ret !== null) {
    const inner = namedChildren(ret)[0];
    if (inner !== undefined) {
      returns =
        inner.type === 'tuple_type'
          ? namedChildren(inner).map((t) => compact(t.text))
          : [compact(inner.text)];
    }
  }
  const tps = node.childForFieldName('type_parameters');
  const typeParams = tps
    ? namedChildren(tps)
        .filter((t) => t.type === 'type_parameter')
        .map((t) => spaced(t.text))
    : [];
  const expected = annotations
    .map((a) => /abort_code=([A-Za-z0-9_:]+)/.exec(a))
    .find((m) => m !== null);
  return {
    name: node.childForFieldName('name')?.text ?? '',
    visibility,
    entry: modifiers.includes('entry'),
    isMacro:
      node.type === 'macro_function_definition' || node.children.some((c) => c?.type === 'macro'),
    typeParams,
    params,
    returns,
    testOnly: hasAnnotation(annotations, 'test_only') || hasAnnotation(annotations, 'test'),
    isTest: hasAnnotation(annotations, 'test'),
    expectedAbort: expected ? expected[1]! : null,
    line: node.startPosition.row + 1,
  };
}

function readConstant(node: Node): MoveConstant {
  return {
    name: node.childForFieldName('name')?.text ?? '',
    type: compact(node.childForFieldName('type')?.text ?? ''),
    value: node.childForFieldName('expr')?.text ?? '',
  };
}

/** `b"text"` or `"text"` with Move's escapes (\n \t \\ \" \xHH) to its string value. */
function decodeByteString(literal: string): string {
  const m = /^b?"([\s\S]*)"$/.exec(literal.trim());
  if (!m) return literal;
  return m[1]!.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[e] ?? e;
  });
}
