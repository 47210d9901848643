// Asking on the terminal without echo: secret values, and passphrases of encrypted private keys.
import { closeSync, openSync } from 'node:fs';
import tty from 'node:tty';

/** Reads one line from a terminal with echo off; Ctrl-C ends the process (exit 130). */
export function readHiddenLine(
  question: string,
  input: tty.ReadStream = process.stdin as tty.ReadStream,
): Promise<string> {
  process.stderr.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve) => {
    let typed = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') {
          input.setRawMode(false);
          process.stderr.write('\n');
          process.exit(130);
        }
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}

/**
 * Reads one hidden line from the controlling terminal (/dev/tty), whatever stdin is: `secrets open`
 * reads the sealed value on stdin and still asks for a passphrase. Undefined when there is no terminal.
 */
export async function askTerminal(question: string): Promise<string | undefined> {
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
  const input = new tty.ReadStream(fd);
  try {
    return await readHiddenLine(question, input);
  } finally {
    input.destroy();
    try {
      closeSync(fd);
    } catch {
      // Destroying the stream may have closed it already.
    }
  }
}
