import type { Command } from 'commander';
import type { CommandContext } from '../main.js';
import { registerValidate } from './validate.js';
import { registerPlan } from './plan.js';
import { registerExplain } from './explain.js';

/** Adds one command to the program and returns it; the action reports its exit code through `setExit`. */
export type RegisterCommand = (program: Command, ctx: CommandContext, setExit: (code: number) => void) => Command;

export const COMMANDS: RegisterCommand[] = [registerValidate, registerPlan, registerExplain];
