import { organizationPolicyProblems } from "../../components/organization/policy-plan";
import { duplicates } from "../../components/shared/lists";
import { type ConfigCheck, type ConfigProblem } from "./checks";
import type { OrganizationalUnitConfig } from "./organization";
import type { LandingZoneConfig } from "./stack";

/** The reserved logical name of the organization's management account. */
export const MANAGEMENT_ACCOUNT = "management";

/** AWS Organizations allows five levels of OUs below the root. */
export const MAX_OU_DEPTH = 5;

/** Flattens the OU tree into "A/B" paths with their depth. */
export function ouPaths(units: readonly OrganizationalUnitConfig[], prefix = ""): { path: string; depth: number; index: (string | number)[] }[] {
    const out: { path: string; depth: number; index: (string | number)[] }[] = [];
    const walk = (list: readonly OrganizationalUnitConfig[], parent: string, depth: number, index: (string | number)[]) => {
        list.forEach((ou, i) => {
            const path = parent ? `${parent}/${ou.name}` : ou.name;
            const here = [...index, i];
            out.push({ path, depth, index: here });
            if (ou.children) walk(ou.children, path, depth + 1, [...here, "children"]);
        });
    };
    walk(units, prefix, 1, ["organization", "organizationalUnits"]);
    return out;
}

interface ConfigAccount {
    readonly name: string;
    readonly email: string;
    readonly ou: string;
    readonly path: (string | number)[];
}

function allAccounts(c: LandingZoneConfig): ConfigAccount[] {
    return [
        ...Object.entries(c.organization.coreAccounts).map(([role, a]) => ({ ...a, path: ["organization", "coreAccounts", role] })),
        ...c.organization.workloadAccounts.map((a, i) => ({ ...a, path: ["organization", "workloadAccounts", i] })),
    ];
}

/** What other areas' config may refer to: the OU paths and account names the organization defines. */
export interface OrganizationReferences {
    readonly accountNames: ReadonlySet<string>;
    /** The problem with a reference to an OU path, if it names none. */
    ou(path: (string | number)[], value: string): ConfigProblem[];
    /** The problem with a reference to an account, if it names none (the management account only where allowed). */
    account(path: (string | number)[], value: string, allowManagement: boolean): ConfigProblem[];
}

export function organizationReferences(c: LandingZoneConfig): OrganizationReferences {
    const ous = new Set(ouPaths(c.organization.organizationalUnits).map((ou) => ou.path));
    const accountNames = new Set(allAccounts(c).map((a) => a.name));
    return {
        accountNames,
        ou: (path, value) => (ous.has(value) ? [] : [{ path, message: `unknown OU (expected one of ${[...ous].join(", ")})` }]),
        account: (path, value, allowManagement) =>
            accountNames.has(value) || (allowManagement && value === MANAGEMENT_ACCOUNT)
                ? []
                : [{ path, message: `unknown account (expected one of ${[...(allowManagement ? [MANAGEMENT_ACCOUNT] : []), ...accountNames].join(", ")})` }],
    };
}

/** The stack's regions, the OU tree, the accounts and the organization policies. */
export const organizationChecks: readonly ConfigCheck[] = [
    {
        name: "regions",
        reads: ["regions"],
        problems: (c) => [
            ...(c.regions.allowed.includes(c.regions.home)
                ? []
                : [{ path: ["regions", "home"], message: `home region is not in regions.allowed (expected one of ${c.regions.allowed.join(", ")})` }]),
            ...duplicates(c.regions.allowed).map((i) => ({ path: ["regions", "allowed", i], message: "region listed twice (expected each region once)" })),
        ],
    },
    {
        name: "OU tree",
        reads: ["organization"],
        problems: (c) => {
            const problems: ConfigProblem[] = [];
            const seen = new Set<string>();
            for (const ou of ouPaths(c.organization.organizationalUnits)) {
                if (seen.has(ou.path))
                    problems.push({ path: [...ou.index, "name"], message: "OU defined twice at the same level (expected unique names among siblings)" });
                seen.add(ou.path);
                if (ou.depth > MAX_OU_DEPTH)
                    problems.push({
                        path: [...ou.index, "name"],
                        message: `OU nested ${ou.depth} levels deep (expected at most ${MAX_OU_DEPTH}, the AWS Organizations limit)`,
                    });
            }
            return problems;
        },
    },
    {
        name: "quarantine OU",
        reads: ["organization"],
        problems: (c) => organizationReferences(c).ou(["organization", "quarantineOu"], c.organization.quarantineOu),
    },
    {
        // Names and emails unique, OUs exist.
        name: "accounts",
        reads: ["organization"],
        problems: (c) => {
            const problems: ConfigProblem[] = [];
            const refs = organizationReferences(c);
            const names = new Set<string>();
            const emails = new Set<string>();
            for (const a of allAccounts(c)) {
                problems.push(...refs.ou([...a.path, "ou"], a.ou));
                if (a.name === MANAGEMENT_ACCOUNT)
                    problems.push({ path: [...a.path, "name"], message: `"${MANAGEMENT_ACCOUNT}" is reserved for the management account (expected another name)` });
                if (names.has(a.name)) problems.push({ path: [...a.path, "name"], message: "account name used twice (expected unique account names)" });
                names.add(a.name);
                const email = String(a.email).toLowerCase();
                if (emails.has(email)) problems.push({ path: [...a.path, "email"], message: "account email used twice (expected a unique email per account)" });
                emails.add(email);
            }
            return problems;
        },
    },
    {
        // SCP/RCP and management-policy sizes and per-target attachment counts.
        name: "organization policies",
        reads: ["environment", "managementAccountId", "regions", "organization", "identity", "data", "response"],
        problems: (c) => organizationPolicyProblems(c),
    },
];
