import { isCustomerManagedKey, list, resourcePolicy, SECRET_NAME, ZeroTrustPolicy } from "../common";
import type { PropsOf } from "../props";

/** A container definition in ECS's own JSON (text to @pulumi/aws, so no input type): the fields read, unchecked. */
interface ContainerDefinition {
    readonly name?: unknown;
    readonly privileged?: unknown;
    readonly readonlyRootFilesystem?: unknown;
    readonly user?: unknown;
    readonly environment?: unknown;
}

/**
 * ECS container definitions arrive as JSON text. Read outside any try: an unknown value (an image
 * URL from another resource during preview) must fail the policy closed, not read as no containers.
 */
function containers(props: PropsOf<"aws:ecs/taskDefinition:TaskDefinition">, report: (m: string) => void): ContainerDefinition[] {
    const text = props.containerDefinitions;
    try {
        return list(JSON.parse(String(text ?? "[]")));
    } catch {
        report("containerDefinitions is not valid JSON, so its containers cannot be checked");
        return [];
    }
}

/** Where workloads run: Lambda functions, EKS clusters, ECS tasks and services, and the ECR repositories of their images. */
export const computePolicies: ZeroTrustPolicy[] = [
    resourcePolicy({
        name: "lambda-url-iam-auth",
        description: "Lambda function URLs require IAM authentication.",
        severity: "critical",
        area: "workloads",
        controls: ["Lambda.1"],
        remediation: 'Set authorizationType: "AWS_IAM" on the aws.lambda.FunctionUrl, or front the function with API Gateway and an authorizer.',
        types: ["aws:lambda/functionUrl:FunctionUrl"],
        validate: (props, report) => {
            if (props.authorizationType !== "AWS_IAM") report(`function URL authorizationType is ${props.authorizationType}`);
        },
    }),
    resourcePolicy({
        name: "lambda-permission-not-public",
        description: "Lambda resource policies never grant invoke to everyone without a source or organization condition.",
        severity: "critical",
        area: "workloads",
        controls: ["Lambda.1"],
        remediation: 'Set principal to a service or account and add sourceArn/sourceAccount (or principalOrgId for principal "*").',
        types: ["aws:lambda/permission:Permission"],
        validate: (props, report) => {
            if (props.principal === "*" && !props.principalOrgId && !props.sourceArn && !props.sourceAccount)
                report(`grants ${props.action} to every AWS principal`);
            if (props.functionUrlAuthType === "NONE") report("grants unauthenticated function URL access");
            if (String(props.principal).endsWith(".amazonaws.com") && !props.sourceArn && !props.sourceAccount)
                report(`service principal ${props.principal} can invoke on behalf of any account (confused deputy): set sourceArn or sourceAccount`);
        },
    }),
    resourcePolicy<{ deprecated: string[] }, "aws:lambda/function:Function">({
        name: "lambda-supported-runtime",
        description: "Lambda functions use a runtime that still receives security patches.",
        severity: "medium",
        area: "workloads",
        controls: ["Lambda.2"],
        remediation: "Move the function to a supported runtime (nodejs22.x, python3.13, java21, ...).",
        params: {
            deprecated: {
                type: "array",
                items: { type: "string" },
                default: [
                    "nodejs",
                    "nodejs4.3",
                    "nodejs6.10",
                    "nodejs8.10",
                    "nodejs10.x",
                    "nodejs12.x",
                    "nodejs14.x",
                    "nodejs16.x",
                    "nodejs18.x",
                    "python2.7",
                    "python3.6",
                    "python3.7",
                    "python3.8",
                    "ruby2.7",
                    "java8",
                    "go1.x",
                    "dotnetcore3.1",
                    "dotnet6",
                ],
                description: "Runtimes no longer patched.",
            },
        },
        types: ["aws:lambda/function:Function"],
        validate: (props, report, { config }) => {
            if (props.runtime && config.deprecated.includes(props.runtime)) report(`runtime ${props.runtime} is deprecated`);
        },
    }),
    resourcePolicy({
        name: "lambda-environment-cmk",
        description: "Lambda functions with environment variables encrypt them with a customer-managed key.",
        severity: "medium",
        enforcementLevel: "advisory",
        area: "workloads",
        controls: [],
        remediation: "Set kmsKeyArn on the function, and keep secrets in Secrets Manager rather than in environment variables.",
        types: ["aws:lambda/function:Function"],
        validate: (props, report) => {
            if (Object.keys(props.environment?.variables ?? {}).length > 0 && !isCustomerManagedKey(props.kmsKeyArn))
                report("environment variables are encrypted with the AWS-managed key");
        },
    }),
    resourcePolicy({
        name: "lambda-environment-no-plaintext-secrets",
        description: "Lambda environment variables carry no credentials; functions read secrets from Secrets Manager or SSM SecureString at run time.",
        severity: "high",
        area: "workloads",
        controls: [],
        remediation:
            "Store the value in Secrets Manager (rotated, under the account's secrets key) and pass the function only the secret's ARN; read it with the Parameters and Secrets Lambda extension or the SDK.",
        types: ["aws:lambda/function:Function"],
        validate: (props, report) => {
            for (const name of Object.keys(props.environment?.variables ?? {}))
                if (SECRET_NAME.test(name) && !/_(ARN|NAME|ID)$/i.test(name)) report(`environment variable ${name} holds a credential in plain text`);
        },
    }),
    resourcePolicy({
        name: "eks-private-endpoint",
        description: "EKS cluster API endpoints are private.",
        severity: "critical",
        area: "workloads",
        controls: ["EKS.1"],
        remediation:
            "Set vpcConfig { endpointPrivateAccess: true, endpointPublicAccess: false } and reach the API through the VPC (Verified Access or a bastion-less SSM path).",
        types: ["aws:eks/cluster:Cluster"],
        validate: (props, report) => {
            const vpc = props.vpcConfig;
            if (vpc?.endpointPublicAccess !== false) report("the Kubernetes API endpoint is public (endpointPublicAccess defaults to true)");
            if (vpc?.endpointPrivateAccess !== true) report("endpointPrivateAccess is not enabled");
        },
    }),
    resourcePolicy({
        name: "eks-secrets-encryption",
        description: "EKS clusters envelope-encrypt Kubernetes secrets with a customer-managed key.",
        severity: "high",
        area: "workloads",
        controls: ["EKS.3"],
        remediation: 'Set encryptionConfig { resources: ["secrets"], provider: { keyArn: <CMK arn> } }.',
        types: ["aws:eks/cluster:Cluster"],
        validate: (props, report) => {
            const enc = props.encryptionConfig;
            if (!enc || !list(enc.resources).includes("secrets")) report("Kubernetes secrets are not envelope-encrypted");
            else if (!isCustomerManagedKey(enc.provider?.keyArn)) report("secrets encryption key is not a customer-managed key");
        },
    }),
    resourcePolicy({
        name: "eks-control-plane-logging",
        description: "EKS clusters send API, audit and authenticator logs to CloudWatch.",
        severity: "medium",
        area: "workloads",
        controls: ["EKS.8"],
        remediation: 'Set enabledClusterLogTypes to include "api", "audit" and "authenticator".',
        types: ["aws:eks/cluster:Cluster"],
        validate: (props, report) => {
            const types = list<string>(props.enabledClusterLogTypes);
            const missing = ["api", "audit", "authenticator"].filter((t) => !types.includes(t));
            if (missing.length > 0) report(`control plane log types missing: ${missing.join(", ")}`);
        },
    }),
    resourcePolicy({
        name: "ecs-task-least-privilege",
        description: "ECS tasks run unprivileged, without host networking, with read-only root filesystems and a non-root user.",
        severity: "high",
        area: "workloads",
        controls: ["ECS.1", "ECS.4", "ECS.5"],
        remediation:
            'Use networkMode "awsvpc", and in each container definition set privileged: false, readonlyRootFilesystem: true and user to a non-root uid.',
        types: ["aws:ecs/taskDefinition:TaskDefinition"],
        validate: (props, report) => {
            if (props.networkMode !== "awsvpc")
                report(`networkMode is ${props.networkMode ?? "unset (bridge)"}: only awsvpc gives each task its own interface and security group`);
            for (const c of containers(props, report)) {
                const name = c.name ?? "container";
                if (c.privileged === true) report(`${name} runs privileged`);
                if (c.readonlyRootFilesystem !== true) report(`${name} has a writable root filesystem`);
                if (props.networkMode === "host" && (c.user === undefined || c.user === "root" || c.user === "0"))
                    report(`${name} runs as root with host networking`);
            }
        },
    }),
    resourcePolicy({
        name: "ecs-cluster-container-insights",
        description: "ECS clusters collect Container Insights.",
        severity: "medium",
        area: "workloads",
        controls: ["ECS.12"],
        remediation: 'Set settings: [{ name: "containerInsights", value: "enabled" }] (or "enhanced") on the aws.ecs.Cluster.',
        types: ["aws:ecs/cluster:Cluster"],
        validate: (props, report) => {
            const setting = list(props.settings).find((x) => x.name === "containerInsights");
            if (typeof setting?.value !== "string" || !["enabled", "enhanced"].includes(setting.value))
                report(`containerInsights is ${setting?.value ?? "unset (disabled)"}`);
        },
    }),
    resourcePolicy({
        name: "ecr-scan-on-push",
        description: "ECR repositories scan images on push.",
        severity: "medium",
        area: "workloads",
        controls: ["ECR.1"],
        remediation: "Set imageScanningConfiguration: { scanOnPush: true } on the aws.ecr.Repository (Inspector enhanced scanning covers it org-wide too).",
        types: ["aws:ecr/repository:Repository"],
        validate: (props, report) => {
            if (props.imageScanningConfiguration?.scanOnPush !== true) report("images are not scanned on push");
        },
    }),
    resourcePolicy({
        name: "ecr-immutable-tags",
        description: "ECR image tags are immutable, so a deployed tag cannot be overwritten.",
        severity: "medium",
        area: "workloads",
        controls: ["ECR.2"],
        remediation: 'Set imageTagMutability: "IMMUTABLE" on the aws.ecr.Repository.',
        types: ["aws:ecr/repository:Repository"],
        validate: (props, report) => {
            if (!String(props.imageTagMutability ?? "MUTABLE").startsWith("IMMUTABLE"))
                report(`imageTagMutability is ${props.imageTagMutability ?? "unset (MUTABLE)"}`);
        },
    }),
    resourcePolicy({
        name: "ecs-task-no-plaintext-secrets",
        description: "ECS container environment variables carry no credentials; secrets come from Secrets Manager or SSM.",
        severity: "high",
        area: "workloads",
        controls: ["ECS.8"],
        remediation: "Move the value to Secrets Manager and reference it in the container's secrets list (valueFrom).",
        types: ["aws:ecs/taskDefinition:TaskDefinition"],
        validate: (props, report) => {
            for (const c of containers(props, () => undefined)) {
                for (const env of list<{ readonly name?: unknown }>(c.environment)) {
                    if (SECRET_NAME.test(String(env.name))) report(`${c.name ?? "container"} sets ${env.name} in plain text`);
                }
            }
        },
    }),
    resourcePolicy({
        name: "ecs-service-no-public-ip",
        description: "ECS services do not assign public IP addresses to tasks.",
        severity: "high",
        area: "workloads",
        controls: ["ECS.2"],
        remediation: "Set networkConfiguration.assignPublicIp: false and run tasks in private subnets.",
        types: ["aws:ecs/service:Service"],
        validate: (props, report) => {
            if (props.networkConfiguration?.assignPublicIp === true) report("tasks get public IP addresses");
        },
    }),
];
