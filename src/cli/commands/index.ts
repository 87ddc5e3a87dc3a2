import type { Command } from 'commander';
import { registerChain } from './chain.ts';
import { registerBlobId } from './blob-id.ts';
import { registerDemo } from './demo.ts';
import { registerStore } from './store.ts';
import { registerRead } from './read.ts';
import { registerStatus } from './status.ts';
import { registerExtend } from './extend.ts';
import { registerDelete } from './delete.ts';
import { registerInfo } from './info.ts';
import { registerDaemon } from './daemon.ts';
import { registerLocalnet } from './localnet.ts';
import { registerNode } from './node.ts';
import { registerNodeRegister } from './node-register.ts';
import { registerNodeCommission } from './node-commission.ts';
import { registerStake } from './stake.ts';
import { registerWithdraw } from './withdraw.ts';
import { registerStakes } from './stakes.ts';
import { registerChallenge } from './challenge.ts';

/**
 * Every subcommand registers itself here, one module per command group; the CLI only parses
 * arguments and calls library functions.
 */
export function registerCommands(program: Command): void {
  // Subcommand modules add themselves below.
  registerChain(program);
  registerBlobId(program);
  registerDemo(program);
  registerStore(program);
  registerRead(program);
  registerStatus(program);
  registerExtend(program);
  registerDelete(program);
  registerInfo(program);
  registerDaemon(program);
  registerLocalnet(program);
  registerNode(program);
  registerNodeRegister(program);
  registerNodeCommission(program);
  registerStake(program);
  registerWithdraw(program);
  registerStakes(program);
  registerChallenge(program);
}
