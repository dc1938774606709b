/**
 * The drill command's live mode (`--live`): its options, the sessions, the run and the report, in the
 * offline drill's shape and printer.
 */
import * as fs from "fs";
import { EXIT } from "../preview";
import { InputError } from "../cli-args";
import { DRILL_FINDINGS } from "./findings";
import type { DrillGraph } from "./graph";
import { LiveClients, LiveDrillError, liveDrill, type Clock } from "./live";
import { liveSessions, SessionError, type SessionRequest } from "./live-session";
import { DrillReport, renderDrill } from "./report";

/** The command-line values the live mode reads. */
export interface LiveArgs {
    readonly live?: boolean;
    readonly "dry-run"?: boolean;
    readonly act?: boolean;
    readonly timeout?: string;
    readonly "member-profile"?: string;
    readonly "admin-profile"?: string;
    readonly finding?: readonly string[];
}

export const DEFAULT_TIMEOUT_SECONDS = 600;
const MAX_TIMEOUT_SECONDS = 3600;
const POLL_MS = 15_000;
const LIVE_FINDINGS = DRILL_FINDINGS.filter((f) => f.guardDuty);

/** Every problem with the live-only options, at once. */
export function liveArgProblems(v: LiveArgs): string[] {
    const problems: string[] = [];
    const liveOnly = (["dry-run", "act", "timeout", "member-profile", "admin-profile"] as const).filter((k) => v[k] !== undefined);
    if (!v.live && liveOnly.length > 0) problems.push(`${liveOnly.map((k) => `--${k}`).join(", ")}: for the live drill only (add --live)`);
    if (v["dry-run"] && v.act) problems.push("--dry-run and --act: choose one (dry-run is the default)");
    if (v.timeout !== undefined && !(/^\d+$/.test(v.timeout) && Number(v.timeout) >= 1 && Number(v.timeout) <= MAX_TIMEOUT_SECONDS))
        problems.push(`--timeout ${v.timeout}: expected whole seconds from 1 to ${MAX_TIMEOUT_SECONDS} (default ${DEFAULT_TIMEOUT_SECONDS})`);
    const offlineOnly = v.live ? (v.finding ?? []).filter((k) => DRILL_FINDINGS.some((f) => f.key === k) && !LIVE_FINDINGS.some((f) => f.key === k)) : [];
    if (offlineOnly.length > 0)
        problems.push(
            `--finding ${offlineOnly.join(", ")}: the live drill creates GuardDuty sample findings only (expected one of ${LIVE_FINDINGS.map((f) => f.key).join(", ")}; the others run offline)`,
        );
    return problems;
}

export interface LiveRun {
    readonly stack: string;
    readonly account: string;
    readonly accountId: string;
    readonly region: string;
    readonly guardDutyMinSeverity: number;
    readonly graph: DrillGraph;
    readonly args: LiveArgs;
    readonly json?: string;
    /** Tests pass scripted clients and a clock that does not sleep. */
    readonly clients?: (request: SessionRequest) => Promise<LiveClients>;
    readonly clock?: Clock;
    readonly pollMs?: number;
}

/** Runs the live drill and prints its report; the exit code as the offline drill's. */
export async function runLiveDrill(r: LiveRun): Promise<number> {
    const adminId = r.graph.administrators["aws.guardduty"];
    if (!adminId) throw new InputError("the stack registers no GuardDuty delegated administrator: the live drill has no account to follow findings in");
    const adminName = Object.keys(r.graph.accounts).find((n) => r.graph.accounts[n] === adminId) ?? adminId;
    const findings = r.args.finding ? LIVE_FINDINGS.filter((f) => r.args.finding!.includes(f.key)) : LIVE_FINDINGS;
    const timeoutSeconds = r.args.timeout ? Number(r.args.timeout) : DEFAULT_TIMEOUT_SECONDS;
    const act = !!r.args.act;
    try {
        const clients = await (r.clients ?? liveSessions)({
            region: r.region,
            memberProfile: r.args["member-profile"],
            adminProfile: r.args["admin-profile"],
            member: { name: r.account, id: r.accountId },
            admin: { name: adminName, id: adminId },
        });
        process.stderr.write(`Creating ${findings.length} GuardDuty sample findings in ${r.account} and following them for up to ${timeoutSeconds} s...\n`);
        const runs = await liveDrill(r.graph, clients, {
            accountId: r.accountId,
            region: r.region,
            guardDutyMinSeverity: r.guardDutyMinSeverity,
            findings,
            timeoutMs: timeoutSeconds * 1000,
            pollMs: r.pollMs ?? POLL_MS,
            act,
            clock: r.clock,
        });
        const report: DrillReport = {
            stack: r.stack,
            account: r.account,
            accountId: r.accountId,
            region: r.region,
            mode: "live",
            findings: runs,
            pass: runs.every((f) => f.pass),
        };
        const how = `GuardDuty sample findings in ${r.account}, followed in ${adminName} (${adminId}) with read-only calls for up to ${timeoutSeconds} s; remediations as deployed (${act ? "acting accepted" : "dry-run required"})`;
        process.stdout.write(renderDrill(report, how) + "\n");
        if (r.json) fs.writeFileSync(r.json, JSON.stringify(report, null, 2) + "\n");
        return report.pass ? EXIT.ok : EXIT.mandatoryViolations;
    } catch (err) {
        if (err instanceof SessionError || err instanceof LiveDrillError) throw new InputError(`--live: ${err.message}`);
        throw err;
    }
}
