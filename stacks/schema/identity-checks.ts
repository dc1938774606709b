import { accountsInOu, assignableAccounts, targetProblem } from "../../components/identity/assignments";
import { effectiveConditions } from "../../components/identity/catalog";
import { duplicates } from "../../components/shared/lists";
import { type ConfigCheck, type ConfigProblem } from "./checks";
import { builtInPermissionSets } from "./identity";
import { organizationReferences } from "./organization-checks";

/** Groups, permission sets and their assignments, attribute mapping, trusted networks, break-glass, Access Analyzer. */
export const identityChecks: readonly ConfigCheck[] = [
    {
        name: "groups and permission sets",
        reads: ["identity"],
        problems: (c) => [
            ...duplicates(c.identity.groups).map((i) => ({ path: ["identity", "groups", i], message: "group listed twice (expected unique groups)" })),
            ...Object.keys(c.identity.permissionSets)
                .filter((name) => !(builtInPermissionSets as readonly string[]).includes(name))
                .map((name) => ({
                    path: ["identity", "permissionSets", name],
                    message: `unknown permission set (expected one of ${builtInPermissionSets.join(", ")})`,
                })),
        ],
    },
    {
        name: "assignment references",
        reads: ["identity", "organization"],
        problems: (c) => {
            const problems: ConfigProblem[] = [];
            const refs = organizationReferences(c);
            const groups = new Set(c.identity.groups);
            const permissionSets = new Set<string>(builtInPermissionSets);
            c.identity.assignments.forEach((a, i) => {
                const p = ["identity", "assignments", i];
                if (!groups.has(a.group)) problems.push({ path: [...p, "group"], message: `unknown group (expected one of identity.groups: ${[...groups].join(", ")})` });
                if (!permissionSets.has(a.permissionSet))
                    problems.push({ path: [...p, "permissionSet"], message: `unknown permission set (expected one of ${[...permissionSets].join(", ")})` });
                a.accounts.forEach((acct, j) => problems.push(...refs.account([...p, "accounts", j], acct, true)));
                a.ous.forEach((ou, j) => problems.push(...refs.ou([...p, "ous", j], ou)));
            });
            return problems;
        },
    },
    {
        name: "Verified Access groups",
        reads: ["identity", "endpoint"],
        problems: (c) => {
            const groups = new Set(c.identity.groups);
            return Object.entries(c.endpoint.verifiedAccess.groups)
                .filter(([, g]) => !groups.has(g.identityCenterGroup))
                .map(([name]) => ({
                    path: ["endpoint", "verifiedAccess", "groups", name, "identityCenterGroup"],
                    message: `unknown group (expected one of identity.groups: ${[...groups].join(", ")})`,
                }));
        },
    },
    {
        name: "break-glass trust",
        reads: ["identity", "managementAccountId"],
        problems: (c) =>
            c.identity.breakGlass && !c.identity.breakGlass.trustedAccountIds.includes(c.managementAccountId)
                ? [
                      {
                          path: ["identity", "breakGlass", "trustedAccountIds"],
                          message: `break-glass is not trusted from the management account (expected it to include ${c.managementAccountId})`,
                      },
                  ]
                : [],
    },
    {
        // Where each permission set may go.
        name: "assignment targets",
        reads: ["identity", "organization"],
        problems: (c) => {
            const problems: ConfigProblem[] = [];
            const accounts = assignableAccounts(c.organization);
            const byName = new Map(accounts.map((a) => [a.name, a]));
            c.identity.assignments.forEach((a, i) => {
                const p = ["identity", "assignments", i];
                a.accounts.forEach((name, j) => {
                    const account = byName.get(name);
                    const problem = account && targetProblem(a.permissionSet, account);
                    if (problem) problems.push({ path: [...p, "accounts", j], message: problem });
                });
                a.ous.forEach((ou, j) => {
                    for (const account of accountsInOu(accounts, ou)) {
                        const problem = targetProblem(a.permissionSet, account);
                        if (problem) problems.push({ path: [...p, "ous", j], message: `OU contains ${account.name}: ${problem}` });
                    }
                });
            });
            return problems;
        },
    },
    {
        name: "access control attributes",
        reads: ["identity"],
        problems: (c) => {
            const id = c.identity;
            const attributeKeys = id.accessControlAttributes.map((a) => a.key);
            const problems: ConfigProblem[] = duplicates(attributeKeys).map((i) => ({
                path: ["identity", "accessControlAttributes", i, "key"],
                message: "attribute key listed twice (expected unique keys)",
            }));
            // Identity Center replaces a SAML AccessControl value with the identity store's for every key the instance maps, and
            // the identity store holds no device verdict: the key must come only from the IdP's sign-in assertion.
            const mapped = attributeKeys.indexOf(id.deviceComplianceAttribute);
            if (mapped >= 0)
                problems.push({
                    path: ["identity", "accessControlAttributes", mapped, "key"],
                    message: `maps the device-compliance attribute from the identity store, which replaces the identity provider's sign-in verdict with a stored value (got ${id.deviceComplianceAttribute} = ${id.accessControlAttributes[mapped].source}; expected no entry for it: the identity provider sends https://aws.amazon.com/SAML/Attributes/AccessControl:${id.deviceComplianceAttribute})`,
                });
            return problems;
        },
    },
    {
        // What the permission sets' access conditions need.
        name: "trusted networks",
        reads: ["identity"],
        problems: (c) => {
            const id = c.identity;
            const needNetwork = builtInPermissionSets.filter((set) => effectiveConditions(id, set).requireTrustedNetwork);
            return needNetwork.length > 0 && id.trustedNetworks.cidrs.length + id.trustedNetworks.vpcEndpointIds.length === 0
                ? [
                      {
                          path: ["identity", "trustedNetworks"],
                          message: `${needNetwork.join(", ")} require a trusted network for sensitive actions but none is configured (expected cidrs or vpcEndpointIds, or requireTrustedNetwork: false on those sets)`,
                      },
                  ]
                : [];
        },
    },
    {
        name: "break-glass roles",
        reads: ["identity"],
        problems: (c) => {
            const bg = c.identity.breakGlass;
            if (!bg) return [];
            return [
                ...duplicates(bg.roleNames).map((i) => ({ path: ["identity", "breakGlass", "roleNames", i], message: "role listed twice (expected unique role names)" })),
                ...bg.readOnlyRoleNames.flatMap((r, i) =>
                    bg.roleNames.includes(r)
                        ? []
                        : [{ path: ["identity", "breakGlass", "readOnlyRoleNames", i], message: `not a break-glass role (expected one of ${bg.roleNames.join(", ")})` }],
                ),
            ];
        },
    },
    {
        name: "Access Analyzer archive rules",
        reads: ["identity"],
        problems: (c) =>
            duplicates(c.identity.accessAnalyzer.archiveRules.map((r) => `${r.analyzer}/${r.name}`)).map((i) => ({
                path: ["identity", "accessAnalyzer", "archiveRules", i, "name"],
                message: "archive rule name used twice for the same analyzer (expected unique names)",
            })),
    },
];
