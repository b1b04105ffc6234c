// Errors a person can meet, as types. main.ts turns them into one line per problem and an exit
// code; nothing below main prints or exits.

/** Where in a file a problem sits; every part is optional because not every problem has one. */
export interface Problem {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  message: string;
}

export class ImgplanError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: 1 | 2,
    readonly problems: readonly Problem[] = [],
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input: a flag, an argument or a file's content. Exit 2, nothing changed. */
export class InputError extends ImgplanError {
  constructor(code: string, message: string, problems: readonly Problem[] = [], hint?: string) {
    super(code, message, 2, problems, hint);
  }
}

/** The workspace could not be changed safely right now (busy, or changed under us). Exit 1. */
export class WorkspaceError extends ImgplanError {
  constructor(code: string, message: string, hint?: string, problems: readonly Problem[] = []) {
    super(code, message, 1, problems, hint);
  }
}

/**
 * Another imgplan committed a change to a file this one read, while this one was working: busy,
 * like a held lock, but safe to run again at once, as nothing was written and nothing was asked.
 */
export class RaceLostError extends WorkspaceError {
  constructor(message: string) {
    super('busy', message, 'try again in a moment; nothing was changed');
  }
}

/** The person cancelled a prompt (Ctrl-C). Exit 130, quietly. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function formatProblem(p: Problem): string {
  const where = p.file ? [p.file, p.line, p.line !== undefined ? p.column : undefined].filter((x) => x !== undefined).join(':') : '';
  return [where, p.field, p.message].filter((x) => x !== undefined && x !== '').join(': ');
}
