import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { registerValidate } from './validate.js';
import { registerPlan } from './plan.js';
import { registerExplain } from './explain.js';
import { registerApply } from './apply.js';
import { registerApprove } from './approve.js';
import { registerConfirm } from './confirm.js';
import { registerInventory } from './inventory.js';
import { registerEvent } from './event.js';
import { registerHold } from './hold.js';
import { registerAudit } from './audit.js';
import { registerInit } from './init.js';
import { registerStore } from './store.js';

/** Adds one command to the program and returns it; the action reports its exit code through `setExit`. */
export type RegisterCommand = (program: Command, ctx: CommandContext, setExit: (code: number) => void) => Command;

/** In the order `retention --help` lists them (DESIGN §5). */
export const COMMANDS: RegisterCommand[] = [
  registerValidate,
  registerPlan,
  registerExplain,
  registerApply,
  registerApprove,
  registerConfirm,
  registerInventory,
  registerEvent,
  registerHold,
  registerAudit,
  registerStore,
  registerInit,
];
