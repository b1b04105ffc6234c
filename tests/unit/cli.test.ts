// The command line is built with only the command an argument list names (src/cli.ts): the same
// command, options and help as in the whole program; anything else gets every command.
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram, commandWord } from '../../src/cli.js';

const runner = async () => {};
const names = (program: Command): string[] => program.commands.map((c) => c.name());
const ALL = names(buildProgram(runner));

/** A command's whole surface: name, aliases, arguments, options, subcommands, help text. */
const surface = (c: Command): unknown => ({
  name: c.name(),
  aliases: c.aliases(),
  args: c.registeredArguments.map((a) => a.name()),
  options: c.options.map((o) => o.flags),
  help: c.helpInformation(),
  sub: c.commands.map(surface),
});

describe('commandWord', () => {
  it('finds the first word that is not a global option or its value', () => {
    expect(commandWord(['status'])).toBe('status');
    expect(commandWord(['--home', '/x', '--today', '2027-01-01', 'next', '--json'])).toBe('next');
    expect(commandWord(['--home=/x', '--no-color', '--debug', 'show', 'match-2028'])).toBe('show');
    expect(commandWord(['--', 'status'])).toBe('status');
    expect(commandWord(['--today', 'status'])).toBeUndefined();
    expect(commandWord(['-h', 'status'])).toBeUndefined();
    expect(commandWord(['--version'])).toBeUndefined();
    expect(commandWord([])).toBeUndefined();
  });
});

describe('buildProgram with one command', () => {
  it('every command and alias, built alone, is the one of the whole program', () => {
    const whole = buildProgram(runner);
    expect(ALL.length).toBeGreaterThan(15);
    for (const cmd of whole.commands)
      for (const name of [cmd.name(), ...cmd.aliases()]) {
        const alone = buildProgram(runner, undefined, name);
        expect(names(alone), name).toEqual([cmd.name()]);
        expect(surface(alone.commands[0]!), name).toEqual(surface(cmd));
      }
  });

  it('a word that names no command, or none at all, builds every command', () => {
    for (const only of [undefined, 'stauts', 'help', '']) expect(names(buildProgram(runner, undefined, only))).toEqual(ALL);
  });
});
