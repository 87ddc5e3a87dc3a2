/**
 * The publish helpers' use of the `sui` CLI: the arguments they pass, how they read its output
 * (build progress lines before the JSON), and how a missing CLI is reported. The CLI is replaced
 * by a recorded-spawn function because `sui` is not installed here; the localnet suite runs the
 * real one where it is.
 */
import type { SpawnSyncReturns } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  buildPackageBytecode,
  MoveBuildError,
  parseCliPublishOutput,
  publishWithCli,
  SuiCliMissingError,
  suiCliVersion,
} from '../../../src/chain/sui/publish.ts';

const PKG = '0x' + '3c'.repeat(32);
const CAP = '0x' + 'ad'.repeat(32);

const publishJson = JSON.stringify(
  {
    digest: 'D1',
    objectChanges: [
      {
        type: 'mutated',
        objectType: '0x2::coin::Coin<0x2::sui::SUI>',
        objectId: '0x' + '01'.repeat(32),
      },
      { type: 'created', objectType: '0x2::package::UpgradeCap', objectId: '0x' + '02'.repeat(32) },
      { type: 'created', objectType: `${PKG}::system::AdminCap`, objectId: CAP },
      { type: 'published', packageId: PKG, version: '1', modules: ['system'] },
    ],
  },
  null,
  2,
);

function recorder(result: Partial<SpawnSyncReturns<string>>) {
  const calls: string[][] = [];
  const spawn = (cmd: string, args: string[]) => {
    calls.push([cmd, ...args]);
    return {
      pid: 1,
      output: [],
      stdout: '',
      stderr: '',
      status: 0,
      signal: null,
      ...result,
    } as SpawnSyncReturns<string>;
  };
  return { spawn, calls };
}

describe('publishing through the sui CLI', () => {
  it('reads the package and AdminCap after build progress lines', () => {
    const out = `INCLUDING DEPENDENCY Sui\nBUILDING floe\n${publishJson}\n`;
    expect(parseCliPublishOutput(out)).toEqual({ packageId: PKG, adminCapId: CAP });
    expect(() => parseCliPublishOutput('BUILDING floe\n')).toThrow(MoveBuildError);
    expect(() => parseCliPublishOutput('{"objectChanges":[]}')).toThrow(/no published package/);
  });

  it('uses test-publish with a build environment on localnet and publish elsewhere', () => {
    const local = recorder({ stdout: publishJson });
    expect(publishWithCli({ packageDir: 'move', network: 'localnet' }, local.spawn)).toEqual({
      packageId: PKG,
      adminCapId: CAP,
    });
    expect(local.calls[0]).toEqual([
      'sui',
      'client',
      'test-publish',
      '--build-env',
      'testnet',
      '--json',
      'move',
    ]);
    const testnet = recorder({ stdout: publishJson });
    publishWithCli({ packageDir: 'move', network: 'testnet' }, testnet.spawn);
    expect(testnet.calls[0]).toEqual(['sui', 'client', 'publish', '--json', 'move']);
  });

  it('compiles with --dump-bytecode-as-base64 and reads modules and dependencies', () => {
    const r = recorder({
      stdout: 'BUILDING floe\n{"modules":["AQID"],"dependencies":["0x1","0x2"],"digest":[1]}\n',
    });
    expect(buildPackageBytecode('move', ['--build-env', 'testnet'], r.spawn)).toEqual({
      modules: ['AQID'],
      dependencies: ['0x1', '0x2'],
    });
    expect(r.calls[0]).toEqual([
      'sui',
      'move',
      'build',
      '--dump-bytecode-as-base64',
      '--path',
      'move',
      '--build-env',
      'testnet',
    ]);
  });

  it('says plainly when sui is missing or fails', () => {
    const missing = recorder({
      error: Object.assign(new Error('spawnSync sui ENOENT'), { code: 'ENOENT' }),
      status: null,
    });
    expect(suiCliVersion(missing.spawn)).toBeNull();
    expect(() => buildPackageBytecode('move', [], missing.spawn)).toThrow(SuiCliMissingError);
    expect(() => buildPackageBytecode('move', [], missing.spawn)).toThrow(/not on PATH/);
    const failing = recorder({ status: 1, stderr: 'error[E01002]: unexpected token' });
    expect(() => buildPackageBytecode('move', [], failing.spawn)).toThrow(/unexpected token/);
  });
});
