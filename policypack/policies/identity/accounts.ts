import { PolicyResource } from "@pulumi/policy";
import { list, outputsPending, ofType, peek, refersTo, stackPolicy, ZeroTrustPolicy } from "../common";
import { Deployments } from "../deployments";

/** What every account of the landing zone has: a support role, a security contact and an organization-wide Access Analyzer. */
export const accountPolicies: ZeroTrustPolicy[] = [
    stackPolicy({
        name: "iam-support-role-present",
        description:
            "The landing zone has a support role: AWSSupportAccess on an IAM role, or on an Identity Center permission set assigned to every account the stack creates. IAM is global: per account, not per region.",
        severity: "low",
        area: "identity",
        controls: ["CIS 1.16", "IAM.18"],
        remediation:
            "Attach arn:aws:iam::aws:policy/AWSSupportAccess to a permission set (aws.ssoadmin.ManagedPolicyAttachment) and assign it (aws.ssoadmin.AccountAssignment) in every account, or attach it to an IAM role.",
        landingZoneOnly: true,
        validate: (resources, report) => {
            const support = (arn: unknown) => typeof arn === "string" && /^arn:aws[a-z-]*:iam::aws:policy\/AWSSupportAccess$/.test(arn);
            const onRole = resources.some(
                (r) =>
                    (r.type === "aws:iam/role:Role" && list(r.props.managedPolicyArns).some(support)) ||
                    (r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && support(r.props.policyArn)) ||
                    (r.type === "aws:iam/policyAttachment:PolicyAttachment" && support(r.props.policyArn) && list(r.props.roles).length > 0) ||
                    (r.type === "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive" && list(r.props.policyArns).some(support)),
            );
            if (onRole) return;
            // A permission set is found through the attachment's and the assignments' property dependencies.
            const sets = ofType(resources, "aws:ssoadmin/permissionSet:PermissionSet").filter((set) =>
                ofType(resources, "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment").some(
                    (m) => support(m.props.managedPolicyArn) && refersTo(m, "permissionSetArn", set, ["arn"]),
                ),
            );
            const assignments = ofType(resources, "aws:ssoadmin/accountAssignment:AccountAssignment").filter((a) =>
                sets.some((set) => refersTo(a, "permissionSetArn", set, ["arn"])),
            );
            if (assignments.length === 0) {
                report("no IAM role or assigned permission set holds AWSSupportAccess: nobody can open an AWS Support case during an incident");
                return;
            }
            for (const account of ofType(resources, "aws:organizations/account:Account"))
                if (!assignments.some((a) => refersTo(a, "targetId", account, ["id"])))
                    report(`account ${account.name} has no assignment of a permission set with AWSSupportAccess`, account.urn);
        },
    }),
    stackPolicy({
        name: "account-security-contact",
        description:
            "Every account the landing zone holds has a security alternate contact: the management account and each account the stack creates. Contacts are account-level (no region).",
        severity: "medium",
        area: "identity",
        controls: ["CIS 1.2", "Account.1"],
        remediation:
            'Create an aws.account.AlternativeContact with alternateContactType "SECURITY" for the management account (no accountId) and one per member account (accountId: the account\'s id), from the management account.',
        landingZoneOnly: true,
        validate: (resources, report) => {
            const security = ofType(resources, "aws:account/alternativeContact:AlternativeContact").filter(
                (c) => String(c.props.alternateContactType).toUpperCase() === "SECURITY",
            );
            // Without an accountId a contact is the calling account's own: the management account's, where the organization lives.
            // In a preview of its create the engine shows the unset accountId as computed (unknown): it is still the caller's
            // own contact when no other resource's output feeds it.
            const own = (c: PolicyResource) => peek(() => c.props.accountId) === undefined && (c.propertyDependencies.accountId ?? []).length === 0;
            if (ofType(resources, "aws:organizations/organization:Organization").length > 0 && !security.some(own))
                report("the management account has no security alternate contact (one without accountId)");
            for (const account of ofType(resources, "aws:organizations/account:Account"))
                if (!security.some((c) => refersTo(c, "accountId", account, ["id"])))
                    report(`account ${account.name} has no security alternate contact: AWS's security notices for it reach nobody`, account.urn);
        },
    }),
    stackPolicy({
        name: "iam-access-analyzer-present",
        description:
            "The landing zone runs an organization-wide IAM Access Analyzer in every region where it deploys workloads: an analyzer sees the resources of its own region only, for every account of the organization. A region holding only global-service plumbing (global-event forwarding rules, Firewall Manager's CloudFront policies), where the SCP admits no workload, needs none.",
        severity: "high",
        area: "identity",
        controls: ["CIS 1.19", "IAM.28"],
        remediation: 'In every region, create an aws.accessanalyzer.Analyzer with type "ORGANIZATION" in the delegated administrator account.',
        landingZoneOnly: true,
        validate: (resources, report) => {
            const deployed = new Deployments(resources, report);
            const analyzed = new Set(
                ofType(resources, "aws:accessanalyzer/analyzer:Analyzer")
                    .filter((a) => outputsPending(a) || String(a.props.type ?? "ACCOUNT").startsWith("ORGANIZATION"))
                    .flatMap((a) => deployed.place(a)?.region ?? []),
            );
            const regions = new Set(deployed.pairsDeployed(true).map((p) => p.region));
            for (const region of regions) if (!analyzed.has(region)) report(`no organization-wide IAM Access Analyzer in region ${region}`);
        },
    }),
];
