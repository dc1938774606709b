import { partitionOf } from "../../components/organization/naming";
import type { ConfigCheck } from "./checks";
import { endpointProblems } from "./services";

/** Where each partition delivers events of its global services (IAM, Organizations, sign-in). */
const GLOBAL_EVENTS_REGIONS: Readonly<Record<string, string>> = { aws: "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1" };

/** Endpoint options, backup retention and where global-service events arrive. */
export const servicesChecks: readonly ConfigCheck[] = [
    {
        // AWS Config records CloudFront distributions only in us-east-1, and Firewall Manager sees resources
        // only through each member account's recorder; the landing zone records in the allowed regions.
        name: "CloudFront WAF policy",
        reads: ["endpoint", "regions"],
        problems: (c) =>
            c.endpoint.waf.enabled && c.endpoint.waf.cloudFront && !c.regions.allowed.includes("us-east-1")
                ? [
                      {
                          path: ["endpoint", "waf", "cloudFront"],
                          message:
                              "Firewall Manager's CloudFront policy needs a Config recorder in us-east-1 of every member account, and recorders exist only in regions.allowed (got true; expected false, or us-east-1 in regions.allowed)",
                      },
                  ]
                : [],
    },
    {
        // Backup retention must fit the vault lock, or every recovery point is rejected.
        name: "backup retention",
        reads: ["data"],
        problems: (c) => {
            const b = c.data.backup;
            const lock = b.vaultLock;
            return [
                ...(lock.minRetentionDays > lock.maxRetentionDays
                    ? [{ path: ["data", "backup", "vaultLock", "minRetentionDays"], message: `exceeds maxRetentionDays ${lock.maxRetentionDays} (expected at most it)` }]
                    : []),
                ...(b.retentionDays < lock.minRetentionDays || b.retentionDays > lock.maxRetentionDays
                    ? [
                          {
                              path: ["data", "backup", "retentionDays"],
                              message: `outside the vault lock range (expected ${lock.minRetentionDays}-${lock.maxRetentionDays} days, data.backup.vaultLock)`,
                          },
                      ]
                    : []),
            ];
        },
    },
    {
        // Global-service events arrive in one region of the organization's own partition.
        name: "global events region",
        reads: ["response", "regions"],
        problems: (c) => {
            const partition = partitionOf(c.regions.home);
            return partitionOf(c.response.globalEventsRegion) === partition
                ? []
                : [
                      {
                          path: ["response", "globalEventsRegion"],
                          message: `region is outside the ${partition} partition of the home region (expected ${GLOBAL_EVENTS_REGIONS[partition] ?? "a region of that partition"})`,
                      },
                  ];
        },
    },
    { name: "endpoint options", reads: ["endpoint"], problems: (c) => endpointProblems(c.endpoint) },
];
