import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The directory a parallel run shares computed values through; its workers inherit it (test/support/build-once.ts). */
export const RUN_CACHE_ENV = "LZ_TEST_RUN_CACHE";

/** How long a worker waits for another that is computing the same value before computing it itself. */
const WAIT_MS = 10 * 60 * 1000;

const memory = new Map<string, unknown>();

function sleep(ms: number): void {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * A value computed once per test run: once per process, and, in a parallel run, once for all workers
 * (the first to ask computes it while the others wait, then each reads it back). For what is costly
 * and the same whoever asks: a stack's program run, an unmodified stack's preview.
 */
export function sharedOnce<T>(key: string, compute: () => T): T {
    if (memory.has(key)) return memory.get(key) as T;
    const dir = process.env[RUN_CACHE_ENV];
    const value = dir ? throughDirectory(dir, key, compute) : compute();
    memory.set(key, value);
    return value;
}

function throughDirectory<T>(dir: string, key: string, compute: () => T): T {
    const file = path.join(dir, `${createHash("sha256").update(key).digest("hex")}.json`);
    const lock = `${file}.lock`;
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
        if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as T;
        try {
            fs.closeSync(fs.openSync(lock, "wx"));
            break;
        } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        }
        // Another worker computes it; past the deadline (it died, or is stuck) this one does it too.
        if (Date.now() > deadline) return compute();
        sleep(100);
    }
    try {
        const value = compute();
        // Written whole, then renamed: a reader never sees half of it.
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(value));
        fs.renameSync(`${file}.tmp`, file);
        return value;
    } finally {
        fs.rmSync(lock, { force: true });
    }
}

/** A fresh shared directory for one parallel run. */
export function makeRunCacheDirectory(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "lz-test-run-"));
}
