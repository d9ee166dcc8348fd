import { type ChildProcess, spawn } from 'node:child_process';

export interface ChildService {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** The service as a user starts it (`npm start`, or `node dist/src/main.js`), with its output kept. */
export function spawnService(command: string, args: string[], cwd: string, env: Record<string, string>): ChildService {
  let out = '';
  const child = spawn(command, args, { cwd, env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'development', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Waits for /health to answer 200; fails at once, with the output, if the service ends first. */
export async function waitForHealth(port: number, run: ChildService, timeoutMs: number): Promise<void> {
  let ended = false;
  void run.exited.then(() => {
    ended = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !ended) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`service ${ended ? 'exited' : 'did not become healthy'}:\n${run.output()}`);
}
