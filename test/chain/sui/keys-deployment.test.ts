/**
 * Signing keys from SUI_PRIVATE_KEY or a `sui` keystore file, and the deployment file format.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Secp256k1Keypair } from '@mysten/sui/keypairs/secp256k1';
import { decodeSuiPrivateKey } from '@mysten/sui/cryptography';
import { toBase64 } from '@mysten/sui/utils';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../src/util/errors.ts';
import { loadSuiKeypair, parseKeystore } from '../../../src/chain/sui/keys.ts';
import {
  parseDeployment,
  readDeployment,
  writeDeployment,
  type SuiDeployment,
} from '../../../src/chain/sui/deployment.ts';

const a = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(1));
const b = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(2));
const k1 = Secp256k1Keypair.fromSecretKey(new Uint8Array(32).fill(3));

/** A keystore entry as the CLI writes it: base64(flag || 32-byte secret). */
function entry(kp: Ed25519Keypair | Secp256k1Keypair): string {
  const { secretKey, scheme } = decodeSuiPrivateKey(kp.getSecretKey());
  const flag = scheme === 'ED25519' ? 0 : 1;
  return toBase64(Uint8Array.of(flag, ...secretKey));
}

const files = (map: Record<string, string>) => async (p: string) => {
  if (!(p in map)) throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
  return map[p];
};

describe('Sui signing keys', () => {
  it('reads Ed25519 keys from a keystore and skips other schemes', () => {
    const keys = parseKeystore(JSON.stringify([entry(k1), entry(a), entry(b)]));
    expect(keys.map((k) => k.toSuiAddress())).toEqual([a.toSuiAddress(), b.toSuiAddress()]);
  });

  it('keys still sign after their parsed secret buffers were zeroed', async () => {
    const msg = Uint8Array.of(1, 2, 3);
    const [fromStore] = parseKeystore(JSON.stringify([entry(a)]));
    const fromEnv = await loadSuiKeypair({ env: { SUI_PRIVATE_KEY: a.getSecretKey() } });
    expect(await fromStore.sign(msg)).toEqual(await a.sign(msg));
    expect(await fromEnv.sign(msg)).toEqual(await a.sign(msg));
  });

  it('SUI_PRIVATE_KEY wins over the keystore', async () => {
    const kp = await loadSuiKeypair({
      env: { SUI_PRIVATE_KEY: b.getSecretKey() },
      keystorePath: '/ks',
      readText: files({ '/ks': JSON.stringify([entry(a)]) }),
    });
    expect(kp.toSuiAddress()).toBe(b.toSuiAddress());
  });

  it('picks the active address of client.yaml when the keystore has several keys', async () => {
    const readText = files({
      '/cfg/sui.keystore': JSON.stringify([entry(a), entry(b)]),
      '/cfg/client.yaml': `---\nkeystore:\n  File: /cfg/sui.keystore\nactive_env: localnet\nactive_address: "${b.toSuiAddress()}"\n`,
    });
    expect(
      (
        await loadSuiKeypair({ env: {}, keystorePath: '/cfg/sui.keystore', readText })
      ).toSuiAddress(),
    ).toBe(b.toSuiAddress());
    const chosen = await loadSuiKeypair({
      env: {},
      keystorePath: '/cfg/sui.keystore',
      readText,
      address: a.toSuiAddress(),
    });
    expect(chosen.toSuiAddress()).toBe(a.toSuiAddress());
  });

  it('fails with typed errors: non-Ed25519 key, missing keystore, unknown address', async () => {
    await expect(
      loadSuiKeypair({ env: { SUI_PRIVATE_KEY: k1.getSecretKey() } }),
    ).rejects.toMatchObject({ code: 'SUI_KEY_INVALID' });
    await expect(loadSuiKeypair({ env: { SUI_PRIVATE_KEY: 'garbage' } })).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    await expect(
      loadSuiKeypair({ env: {}, keystorePath: '/none', readText: files({}) }),
    ).rejects.toMatchObject({ code: 'SUI_KEY_NOT_FOUND' });
    await expect(
      loadSuiKeypair({
        env: {},
        keystorePath: '/ks',
        readText: files({ '/ks': JSON.stringify([entry(a)]) }),
        address: b.toSuiAddress(),
      }),
    ).rejects.toMatchObject({ code: 'SUI_KEY_NOT_FOUND' });
    expect(() => parseKeystore('{"not":"an array"}')).toThrow(InvalidInputError);
  });
});

describe('deployment file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'floe-deploy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const good: SuiDeployment = {
    network: 'localnet',
    rpcUrl: 'http://127.0.0.1:9000',
    packageId: '0xab',
    systemObjectId: '0x' + 'cd'.repeat(32),
    systemInitialSharedVersion: '12',
    adminCapId: '0x' + 'ef'.repeat(32),
    randomInitialSharedVersion: '2',
    faucetUrl: 'http://127.0.0.1:9123',
  };

  it('writes and reads back, with IDs normalized', async () => {
    const path = join(dir, 'deployment.json');
    await writeDeployment(path, good);
    const back = await readDeployment(path);
    expect(back).toEqual({ ...good, packageId: '0x' + '0'.repeat(62) + 'ab' });
  });

  it('names the bad field', () => {
    expect(() => parseDeployment({ ...good, network: 'moon' })).toThrow(/network/);
    expect(() => parseDeployment({ ...good, systemInitialSharedVersion: 'x' })).toThrow(
      /systemInitialSharedVersion/,
    );
    expect(() => parseDeployment({ ...good, rpcUrl: 'not a url' })).toThrow(/rpcUrl/);
    expect(() => parseDeployment({ ...good, adminCapId: 'zz' })).toThrow(/adminCapId/);
    expect(() => parseDeployment([])).toThrow(/JSON object/);
  });
});
