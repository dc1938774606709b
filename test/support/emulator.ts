import { bypassClientMocks, Emulator, useEmulatorEnv } from "../../tools/emulator/emulator";

/**
 * Runs the enclosing describe's tests against a local AWS emulator (moto) of their own: the given clients
 * reach it even where another file's aws-sdk-client-mock stubs them, and before each test moto forgets
 * every resource and the AWS environment points at it, with `env` on top (restored after the test).
 */
export function useEmulator(clients: Parameters<typeof bypassClientMocks>[0], env: Record<string, string | undefined> = {}): void {
    let emulator: Emulator | undefined;
    let restoreMocks: (() => void) | undefined;
    let restoreEnv: (() => void) | undefined;
    before(async () => {
        restoreMocks = bypassClientMocks(clients);
        emulator = await Emulator.start();
    });
    after(async () => {
        await emulator?.stop();
        restoreMocks?.();
    });
    beforeEach(async () => {
        await emulator!.reset();
        restoreEnv = useEmulatorEnv(emulator!.endpoint, env);
    });
    afterEach(() => {
        restoreEnv?.();
        restoreEnv = undefined;
    });
}
