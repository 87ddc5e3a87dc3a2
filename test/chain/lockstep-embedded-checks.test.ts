/**
 * "Same checks in the same order": for each Move function and its embedded mirror, the abort
 * constants named in the function body, in source order, must be the same sequence. Helpers are
 * compared as functions of their own (both sides call the same helpers), so a check added,
 * dropped or moved on one side fails here.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '../..');

/** Move function -> embedded function (file in src/chain/embedded, function name). */
const MIRRORS: [string, string, string][] = [
  ['params::new', 'system.ts', 'newParams'],
  ['system::set_params', 'system.ts', 'setParams'],
  ['system::reserve_space', 'system.ts', 'reserveSpace'],
  ['system::sell_space', 'system.ts', 'sellSpace'],
  ['system::collect_fee', 'system.ts', 'collectFee'],
  ['system::pool_mut', 'system.ts', 'poolOf'],
  ['accounting::reserve', 'accounting.ts', 'reserve'],
  ['accounting::window', 'accounting.ts', 'window'],
  ['messages::parse_blob_certificate', 'move-messages.ts', 'parseBlobCertificate'],
  ['messages::parse_invalid_blob_id', 'move-messages.ts', 'parseInvalidBlobId'],
  ['messages::parse_challenge_attestation', 'move-messages.ts', 'parseChallengeAttestation'],
  ['messages::parse_signed_symbol', 'move-messages.ts', 'parseSignedSymbol'],
  ['messages::open', 'move-messages.ts', 'open'],
  ['bls_aggregate::verify_weight', 'bls-aggregate.ts', 'verifyWeight'],
  ['bls_aggregate::verify_quorum', 'bls-aggregate.ts', 'verifyQuorum'],
  ['bls_aggregate::verify_validity', 'bls-aggregate.ts', 'verifyValidity'],
  ['storage_node::register_with_id', 'staking.ts', 'registerNode'],
  ['staking_pool::stake', 'staking.ts', 'stake'],
  ['staking_pool::request_withdraw', 'staking.ts', 'requestWithdraw'],
  ['staking_pool::withdraw', 'staking.ts', 'withdraw'],
  ['pool::cancel_deposit', 'pool.ts', 'cancelDeposit'],
  ['epoch::initiate_epoch_change_with', 'epoch.ts', 'initiateEpochChange'],
  ['apportionment::dhondt', 'epoch.ts', 'shardCounts'],
  ['epoch::epoch_sync_done', 'epoch.ts', 'epochSyncDone'],
  ['storage_resource::split_by_epoch', 'storage-resource.ts', 'splitByEpoch'],
  ['storage_resource::split_by_size', 'storage-resource.ts', 'splitBySize'],
  ['storage_resource::fuse_periods', 'storage-resource.ts', 'fusePeriods'],
  ['storage_resource::fuse_amount', 'storage-resource.ts', 'fuseAmount'],
  ['blob_ops::register_blob', 'blob-ops.ts', 'registerBlob'],
  ['blob_ops::certify_blob', 'blob-ops.ts', 'certifyBlob'],
  ['blob_ops::extend_blob', 'blob-ops.ts', 'extendBlob'],
  ['blob_ops::extend_blob_with_resource', 'blob-ops.ts', 'extendBlobWithResource'],
  ['blob_ops::invalidate_blob_id', 'blob-ops.ts', 'invalidateBlobId'],
  ['blob_ops::check_extendable', 'blob-ops.ts', 'checkExtendable'],
  ['challenge::open_challenge_round_with', 'challenge.ts', 'openChallengeRound'],
  ['challenge::submit_challenge_certificate', 'challenge.ts', 'submitChallengeCertificate'],
  ['slashing::report_invalid_symbol', 'slashing.ts', 'reportInvalidSymbol'],
  ['slashing::report_equivocation', 'slashing.ts', 'reportEquivocation'],
];

function moveFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? moveFiles(p) : e.endsWith('.move') ? [p] : [];
  });
}

/** Body text of `fun name` in module `module` of the Move sources. */
function moveBody(module: string, name: string): string {
  const file = moveFiles(join(ROOT, 'move/sources')).find((f) =>
    new RegExp(`module\\s+\\w+::${module}\\s*;`).test(readFileSync(f, 'utf8')),
  );
  if (!file) throw new Error(`no module ${module}`);
  const text = readFileSync(file, 'utf8');
  const m = new RegExp(`\\bfun\\s+${name}\\s*(<[^>]*>)?\\s*\\(`).exec(text);
  if (!m) throw new Error(`no fun ${module}::${name}`);
  let i = m.index + m[0].length;
  for (let depth = 1; depth > 0; i++) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
  const open = text.indexOf('{', i);
  let j = open + 1;
  for (let depth = 1; depth > 0; j++) depth += text[j] === '{' ? 1 : text[j] === '}' ? -1 : 0;
  return text.slice(open, j).replace(/\/\/.*$/gm, '');
}

/** Body text of function `name` in an embedded source file (TypeScript parser). */
function tsBody(file: string, name: string): string {
  const path = join(ROOT, 'src/chain/embedded', file);
  const source = ts.createSourceFile(
    path,
    readFileSync(path, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  let body: string | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name?.text === name && node.body)
      body = node.body.getText(source);
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (body === undefined) throw new Error(`no function ${name} in ${file}`);
  return body.replace(/\/\/.*$/gm, '');
}

/** Move functions with checks that have no embedded function of their own, and why. */
const NOT_MIRRORED: Record<string, string> = {
  'system::inner': 'one version of the System (EWrongVersion unreachable)',
  'system::inner_mut': 'one version of the System (EWrongVersion unreachable)',
  'system::pool': 'same check as pool_mut (poolOf)',
  'blob::delete': 'inlined in deleteBlob, in the same place',
  'apportionment::select':
    'TypeScript candidates are (id, stake) pairs (ELengthMismatch unreachable)',
  'apportionment::transition': 'counts always sum to n after dhondt (ECapTooLow unreachable there)',
  'bls_aggregate::new_keys': 'KeyCache.checkKeys (a method), same check',
  'messages::close': 'Peeler.close (a method), same check',
};

describe('embedded functions make the Move checks in the Move order', () => {
  it('every Move function with checks has a mirror here', () => {
    const mirrored = new Set(MIRRORS.map((m) => m[0]));
    const unlisted: string[] = [];
    for (const f of moveFiles(join(ROOT, 'move/sources'))) {
      const text = readFileSync(f, 'utf8');
      const module = /module\s+\w+::(\w+)\s*;/.exec(text)?.[1];
      if (!module) continue;
      for (const m of text.matchAll(/\bfun\s+(\w+)/g)) {
        const key = `${module}::${m[1]}`;
        if (
          /assert!\([^;]*\bE[A-Z]\w*\)/s.test(moveBody(module, m[1])) &&
          !mirrored.has(key) &&
          !(key in NOT_MIRRORED)
        ) {
          unlisted.push(key);
        }
      }
    }
    expect(unlisted).toEqual([]);
  });

  it.each(MIRRORS)('%s', (moveFn, file, tsFn) => {
    const [module, name] = moveFn.split('::');
    const moveChecks = [...moveBody(module, name).matchAll(/\b(E[A-Z]\w*)\b/g)].map((m) => m[1]);
    const tsChecks = [...tsBody(file, tsFn).matchAll(/'(E[A-Z]\w*)'/g)].map((m) => m[1]);
    expect(tsChecks).toEqual(moveChecks);
  });
});
