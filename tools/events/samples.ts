/**
 * Sample events in the shapes AWS documents for EventBridge: GuardDuty findings, Security Hub findings
 * in ASFF, CloudTrail API calls and console sign-ins, AWS Health, Access Analyzer, Macie and Config.
 * Account 111122223333 is a workload account of the organization; 999988887777 is outside it.
 */

export const WORKLOAD_ACCOUNT = "111122223333";
export const OUTSIDE_ACCOUNT = "999988887777";

type Json = Record<string, unknown>;

/** The sample event with every sample id (account, region, resource ids) replaced by the given ones, wherever it appears. */
export function retarget<T>(event: T, ids: Readonly<Record<string, string>>): T {
    let json = JSON.stringify(event);
    for (const [from, to] of Object.entries(ids)) json = json.split(from).join(to);
    return JSON.parse(json) as T;
}

function envelope(source: string, detailType: string, detail: Json, over: Json = {}): Json {
    return {
        version: "0",
        id: "6f6d1c2a-3b4c-4d5e-8f90-123456789abc",
        "detail-type": detailType,
        source,
        account: WORKLOAD_ACCOUNT,
        time: "2026-11-23T10:15:30Z",
        region: "eu-west-1",
        resources: [],
        detail,
        ...over,
    };
}

const assumedRoleIdentity = {
    type: "AssumedRole",
    principalId: "AROAEXAMPLEID:jane.doe",
    arn: `arn:aws:sts::${WORKLOAD_ACCOUNT}:assumed-role/AWSReservedSSO_developer_0123456789abcdef/jane.doe`,
    accountId: WORKLOAD_ACCOUNT,
    accessKeyId: "ASIAEXAMPLEKEY123456",
    sessionContext: {
        sessionIssuer: {
            type: "Role",
            principalId: "AROAEXAMPLEID",
            arn: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_developer_0123456789abcdef`,
            accountId: WORKLOAD_ACCOUNT,
            userName: "AWSReservedSSO_developer_0123456789abcdef",
        },
        attributes: { creationDate: "2026-11-23T09:58:01Z", mfaAuthenticated: "false" },
    },
};

/** An "AWS API Call via CloudTrail" event as EventBridge delivers it. */
export function cloudTrailCall(eventSource: string, eventName: string, requestParameters: Json | null, over: Json = {}): Json {
    const region = (over.awsRegion as string | undefined) ?? "eu-west-1";
    return envelope(`aws.${eventSource.split(".")[0]}`, "AWS API Call via CloudTrail", {
        eventVersion: "1.09",
        userIdentity: assumedRoleIdentity,
        eventTime: "2026-11-23T10:15:29Z",
        eventSource,
        eventName,
        awsRegion: region,
        sourceIPAddress: "198.51.100.24",
        userAgent: "aws-cli/2.22.4 md/Botocore#1.35.72 ua/2.0 os/linux#6.8.0",
        requestParameters,
        responseElements: null,
        requestID: "b7e3f5a1-0c2d-4e6f-9a8b-7c6d5e4f3a2b",
        eventID: "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
        readOnly: false,
        eventType: "AwsApiCall",
        managementEvent: true,
        recipientAccountId: WORKLOAD_ACCOUNT,
        eventCategory: "Management",
        tlsDetails: {
            tlsVersion: "TLSv1.3",
            cipherSuite: "TLS_AES_128_GCM_SHA256",
            clientProvidedHostHeader: `${eventSource.split(".")[0]}.${region}.amazonaws.com`,
        },
        ...over,
    });
}

/** GuardDuty finding on an EC2 instance talking to a command-and-control server (severity 8, High). */
export const guardDutyInstanceFinding = envelope("aws.guardduty", "GuardDuty Finding", {
    schemaVersion: "2.0",
    accountId: WORKLOAD_ACCOUNT,
    region: "eu-west-1",
    partition: "aws",
    id: "a2c8b3f0e1d24c6b9f7a5e3d1c0b9a87",
    arn: `arn:aws:guardduty:eu-west-1:${WORKLOAD_ACCOUNT}:detector/5ac8b3f0e1d24c6b9f7a5e3d1c0b9a86/finding/a2c8b3f0e1d24c6b9f7a5e3d1c0b9a87`,
    type: "Backdoor:EC2/C&CActivity.B",
    resource: {
        resourceType: "Instance",
        instanceDetails: {
            instanceId: "i-0a1b2c3d4e5f67890",
            instanceType: "m7g.large",
            launchTime: "2026-11-20T08:01:12.000Z",
            platform: null,
            productCodes: [],
            iamInstanceProfile: { arn: `arn:aws:iam::${WORKLOAD_ACCOUNT}:instance-profile/checkout-app`, id: "AIPAEXAMPLEPROFILE01" },
            networkInterfaces: [
                {
                    ipv6Addresses: [],
                    networkInterfaceId: "eni-0123456789abcdef0",
                    privateDnsName: "ip-10-4-17-20.eu-west-1.compute.internal",
                    privateIpAddress: "10.4.17.20",
                    privateIpAddresses: [{ privateDnsName: "ip-10-4-17-20.eu-west-1.compute.internal", privateIpAddress: "10.4.17.20" }],
                    subnetId: "subnet-0aa11bb22cc33dd44",
                    vpcId: "vpc-0fedcba9876543210",
                    securityGroups: [{ groupName: "checkout-app", groupId: "sg-0123abcd4567ef890" }],
                },
            ],
            outpostArn: null,
            tags: [{ key: "aws:autoscaling:groupName", value: "checkout-app" }],
            instanceState: "running",
            availabilityZone: "eu-west-1b",
            imageId: "ami-0abcdef1234567890",
            imageDescription: "Amazon Linux 2023 AMI",
        },
    },
    service: {
        serviceName: "guardduty",
        detectorId: "5ac8b3f0e1d24c6b9f7a5e3d1c0b9a86",
        action: {
            actionType: "DNS_REQUEST",
            dnsRequestAction: { domain: "c2.malicious.example", protocol: "UDP", blocked: false },
        },
        resourceRole: "ACTOR",
        additionalInfo: { threatListName: "ProofPoint" },
        eventFirstSeen: "2026-11-23T10:01:10.000Z",
        eventLastSeen: "2026-11-23T10:14:55.000Z",
        archived: false,
        count: 4,
    },
    severity: 8,
    createdAt: "2026-11-23T10:03:40.120Z",
    updatedAt: "2026-11-23T10:15:02.440Z",
    title: "C&C activity domain name queried by EC2 instance i-0a1b2c3d4e5f67890.",
    description: "EC2 instance i-0a1b2c3d4e5f67890 is querying a domain name associated with a known command and control server.",
});

/** A critical GuardDuty finding (9 and up) on the same instance. */
export const guardDutyCriticalInstanceFinding = envelope("aws.guardduty", "GuardDuty Finding", { ...(guardDutyInstanceFinding.detail as Json), severity: 9.2 });

/** GuardDuty finding of Low severity (2) on the same instance: an unprotected port being probed. */
export const guardDutyLowSeverityFinding = envelope("aws.guardduty", "GuardDuty Finding", {
    ...(guardDutyInstanceFinding.detail as Json),
    id: "c5e0d3f2a1b44c6d9e8f7a6b5c4d3e2f",
    arn: `arn:aws:guardduty:eu-west-1:${WORKLOAD_ACCOUNT}:detector/5ac8b3f0e1d24c6b9f7a5e3d1c0b9a86/finding/c5e0d3f2a1b44c6d9e8f7a6b5c4d3e2f`,
    type: "Recon:EC2/PortProbeUnprotectedPort",
    service: {
        serviceName: "guardduty",
        detectorId: "5ac8b3f0e1d24c6b9f7a5e3d1c0b9a86",
        action: {
            actionType: "PORT_PROBE",
            portProbeAction: {
                blocked: false,
                portProbeDetails: [{ localPortDetails: { port: 22, portName: "SSH" }, remoteIpDetails: { ipAddressV4: "203.0.113.9" } }],
            },
        },
        resourceRole: "TARGET",
        archived: false,
        count: 12,
    },
    severity: 2,
    title: "Unprotected port on EC2 instance i-0a1b2c3d4e5f67890 is being probed.",
    description: "EC2 instance i-0a1b2c3d4e5f67890 has an unprotected port which is being probed by a known malicious host.",
});

/** GuardDuty finding on an IAM user's access key used anomalously (severity 8). */
export const guardDutyAccessKeyFinding = envelope("aws.guardduty", "GuardDuty Finding", {
    schemaVersion: "2.0",
    accountId: WORKLOAD_ACCOUNT,
    region: "eu-west-1",
    partition: "aws",
    id: "b4d9c2e1f0a34b5c8d7e6f5a4b3c2d1e",
    arn: `arn:aws:guardduty:eu-west-1:${WORKLOAD_ACCOUNT}:detector/5ac8b3f0e1d24c6b9f7a5e3d1c0b9a86/finding/b4d9c2e1f0a34b5c8d7e6f5a4b3c2d1e`,
    type: "Exfiltration:IAMUser/AnomalousBehavior",
    resource: {
        resourceType: "AccessKey",
        accessKeyDetails: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", principalId: "AIDAEXAMPLEUSERID0001", userName: "ci-deployer", userType: "IAMUser" },
    },
    service: {
        serviceName: "guardduty",
        detectorId: "5ac8b3f0e1d24c6b9f7a5e3d1c0b9a86",
        action: { actionType: "AWS_API_CALL", awsApiCallAction: { api: "GetObject", serviceName: "s3.amazonaws.com", callerType: "Remote IP" } },
        resourceRole: "TARGET",
        archived: false,
        count: 1,
    },
    severity: 8,
    createdAt: "2026-11-23T10:05:00.000Z",
    updatedAt: "2026-11-23T10:05:00.000Z",
    title: "Anomalous data exfiltration calls by ci-deployer.",
    description: "APIs commonly used to exfiltrate data were invoked by user ci-deployer in an anomalous way.",
});

/** AWS Health: an access key was found in public. */
export const exposedKeyHealthEvent = envelope(
    "aws.health",
    "AWS Health Event",
    {
        eventArn: "arn:aws:health:global::event/RISK/AWS_RISK_CREDENTIALS_EXPOSED/AWS_RISK_CREDENTIALS_EXPOSED_0123456789",
        service: "RISK",
        eventTypeCode: "AWS_RISK_CREDENTIALS_EXPOSED",
        eventTypeCategory: "issue",
        eventScopeCode: "ACCOUNT_SPECIFIC",
        communicationId: "01b0993207d81a09dcd552ebd1e633e36cf1f09a-1",
        startTime: "Mon, 23 Nov 2026 10:00:00 GMT",
        lastUpdatedTime: "Mon, 23 Nov 2026 10:00:00 GMT",
        statusCode: "open",
        eventRegion: "us-east-1",
        eventDescription: [{ language: "en_US", latestDescription: "Your AWS Access Key AKIAIOSFODNN7EXAMPLE is publicly exposed." }],
        affectedEntities: [{ entityValue: "AKIAIOSFODNN7EXAMPLE" }],
    },
    { region: "us-east-1", resources: ["AKIAIOSFODNN7EXAMPLE"] },
);

/** A Security Hub control finding in ASFF, as "Security Hub Findings - Imported" carries it. */
export function securityHubControlFinding(control: string, label: string, resource: Json): Json {
    const id = `arn:aws:securityhub:eu-west-1:${WORKLOAD_ACCOUNT}:security-control/${control}/finding/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e`;
    return envelope(
        "aws.securityhub",
        "Security Hub Findings - Imported",
        {
            findings: [
                {
                    SchemaVersion: "2018-10-08",
                    Id: id,
                    ProductArn: "arn:aws:securityhub:eu-west-1::product/aws/securityhub",
                    ProductName: "Security Hub",
                    CompanyName: "AWS",
                    Region: "eu-west-1",
                    GeneratorId: `security-control/${control}`,
                    AwsAccountId: WORKLOAD_ACCOUNT,
                    Types: ["Software and Configuration Checks/Industry and Regulatory Standards"],
                    FirstObservedAt: "2026-11-23T10:00:00.000Z",
                    LastObservedAt: "2026-11-23T10:12:00.000Z",
                    CreatedAt: "2026-11-23T10:00:05.000Z",
                    UpdatedAt: "2026-11-23T10:12:04.000Z",
                    Severity: { Label: label, Normalized: label === "CRITICAL" ? 90 : 70, Original: label },
                    Title: `${control} control failed`,
                    Description: `Security control ${control} failed for the resource.`,
                    Remediation: {
                        Recommendation: { Text: "For information on how to correct this issue, consult the AWS Security Hub controls documentation." },
                    },
                    ProductFields: { RelatedAWSResources: "[]", "aws/securityhub/ProductName": "Security Hub", "aws/securityhub/CompanyName": "AWS" },
                    Resources: [resource],
                    Compliance: {
                        Status: "FAILED",
                        SecurityControlId: control,
                        AssociatedStandards: [{ StandardsId: "standards/aws-foundational-security-best-practices/v/1.0.0" }],
                    },
                    WorkflowState: "NEW",
                    Workflow: { Status: "NEW" },
                    RecordState: "ACTIVE",
                    FindingProviderFields: {
                        Severity: { Label: label, Original: label },
                        Types: ["Software and Configuration Checks/Industry and Regulatory Standards"],
                    },
                    ProcessedAt: "2026-11-23T10:12:06.000Z",
                },
            ],
        },
        { resources: [id] },
    );
}

export const securityHubPublicBucket = securityHubControlFinding("S3.8", "HIGH", {
    Type: "AwsS3Bucket",
    Id: "arn:aws:s3:::checkout-exports-111122223333",
    Partition: "aws",
    Region: "eu-west-1",
    Details: { AwsS3Bucket: { OwnerId: "0123456789abcdef", CreatedAt: "2026-10-01T12:00:00.000Z" } },
});

export const securityHubOpenDefaultGroup = securityHubControlFinding("EC2.2", "HIGH", {
    Type: "AwsEc2SecurityGroup",
    Id: `arn:aws:ec2:eu-west-1:${WORKLOAD_ACCOUNT}:security-group/sg-0d1e2f3a4b5c6d7e8`,
    Partition: "aws",
    Region: "eu-west-1",
    Details: { AwsEc2SecurityGroup: { GroupName: "default", GroupId: "sg-0d1e2f3a4b5c6d7e8", VpcId: "vpc-0fedcba9876543210" } },
});

export const securityHubCriticalFinding = securityHubControlFinding("S3.2", "CRITICAL", {
    Type: "AwsS3Bucket",
    Id: "arn:aws:s3:::checkout-exports-111122223333",
    Partition: "aws",
    Region: "eu-west-1",
});

export const putBucketPolicy = cloudTrailCall("s3.amazonaws.com", "PutBucketPolicy", {
    bucketName: "checkout-exports-111122223333",
    bucketPolicy: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::checkout-exports-111122223333/*" }],
    },
    Host: "checkout-exports-111122223333.s3.eu-west-1.amazonaws.com",
    policy: "",
});

export const deleteBucketPublicAccessBlock = cloudTrailCall("s3.amazonaws.com", "DeleteBucketPublicAccessBlock", {
    bucketName: "checkout-exports-111122223333",
    Host: "checkout-exports-111122223333.s3.eu-west-1.amazonaws.com",
    publicAccessBlock: "",
});

export const stopLogging = cloudTrailCall("cloudtrail.amazonaws.com", "StopLogging", {
    name: `arn:aws:cloudtrail:eu-west-1:${WORKLOAD_ACCOUNT}:trail/checkout-audit`,
});

export const updateOrganizationTrail = cloudTrailCall("cloudtrail.amazonaws.com", "UpdateTrail", {
    name: "landing-zone-organization",
    isMultiRegionTrail: false,
    enableLogFileValidation: false,
});

/** Event selectors that drop management events: the trail keeps "logging" and records nothing. */
export const putEventSelectors = cloudTrailCall("cloudtrail.amazonaws.com", "PutEventSelectors", {
    trailName: "landing-zone-organization",
    eventSelectors: [{ readWriteType: "ReadOnly", includeManagementEvents: false, dataResources: [] }],
});

export const putInsightSelectors = cloudTrailCall("cloudtrail.amazonaws.com", "PutInsightSelectors", {
    trailName: "landing-zone-organization",
    insightSelectors: [],
});

export const deleteTrail = cloudTrailCall("cloudtrail.amazonaws.com", "DeleteTrail", { name: "checkout-audit" });

export const authorizeDefaultGroupIngress = cloudTrailCall(
    "ec2.amazonaws.com",
    "AuthorizeSecurityGroupIngress",
    {
        groupId: "sg-0d1e2f3a4b5c6d7e8",
        ipPermissions: {
            items: [
                { ipProtocol: "tcp", fromPort: 22, toPort: 22, groups: {}, ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] }, ipv6Ranges: {}, prefixListIds: {} },
            ],
        },
    },
    {
        responseElements: {
            requestId: "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b",
            _return: true,
            securityGroupRuleSet: { items: [{ securityGroupRuleId: "sgr-0aa1bb2cc3dd4ee5f", groupId: "sg-0d1e2f3a4b5c6d7e8", isEgress: false }] },
        },
    },
);

export const attachScp = cloudTrailCall(
    "organizations.amazonaws.com",
    "AttachPolicy",
    { policyId: "p-examplepolicyid111", targetId: "ou-ab12-cdef3456" },
    { awsRegion: "us-east-1", recipientAccountId: "210987654321" },
);

export const scheduleKeyDeletion = cloudTrailCall(
    "kms.amazonaws.com",
    "ScheduleKeyDeletion",
    { keyId: `arn:aws:kms:eu-west-1:${WORKLOAD_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, pendingWindowInDays: 7 },
    {
        responseElements: {
            keyId: `arn:aws:kms:eu-west-1:${WORKLOAD_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
            deletionDate: "Nov 30, 2026, 10:15:29 AM",
            keyState: "PendingDeletion",
            pendingWindowInDays: 7,
        },
    },
);

export const disableKey = cloudTrailCall("kms.amazonaws.com", "DisableKey", { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab" });

export const breakGlassAssumeRole = cloudTrailCall(
    "sts.amazonaws.com",
    "AssumeRole",
    { roleArn: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/break-glass-admin`, roleSessionName: "incident-4711", durationSeconds: 3600 },
    { readOnly: true, awsRegion: "us-east-1" },
);

function consoleSignIn(userIdentity: Json, mfaUsed: string): Json {
    return envelope(
        "aws.signin",
        "AWS Console Sign In via CloudTrail",
        {
            eventVersion: "1.09",
            userIdentity,
            eventTime: "2026-11-23T10:15:29Z",
            eventSource: "signin.amazonaws.com",
            eventName: "ConsoleLogin",
            awsRegion: "us-east-1",
            sourceIPAddress: "203.0.113.77",
            userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            requestParameters: null,
            responseElements: { ConsoleLogin: "Success" },
            additionalEventData: { LoginTo: "https://console.aws.amazon.com/console/home", MobileVersion: "No", MFAUsed: mfaUsed },
            eventID: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            readOnly: false,
            eventType: "AwsConsoleSignIn",
            managementEvent: true,
            recipientAccountId: WORKLOAD_ACCOUNT,
            eventCategory: "Management",
        },
        { region: "us-east-1" },
    );
}

export const rootSignIn = consoleSignIn(
    { type: "Root", principalId: WORKLOAD_ACCOUNT, arn: `arn:aws:iam::${WORKLOAD_ACCOUNT}:root`, accountId: WORKLOAD_ACCOUNT },
    "Yes",
);

export const iamUserSignInWithoutMfa = consoleSignIn(
    {
        type: "IAMUser",
        principalId: "AIDAEXAMPLEUSERID0002",
        arn: `arn:aws:iam::${WORKLOAD_ACCOUNT}:user/legacy-admin`,
        accountId: WORKLOAD_ACCOUNT,
        userName: "legacy-admin",
    },
    "No",
);

export const iamUserSignInWithMfa = consoleSignIn(
    {
        type: "IAMUser",
        principalId: "AIDAEXAMPLEUSERID0002",
        arn: `arn:aws:iam::${WORKLOAD_ACCOUNT}:user/legacy-admin`,
        accountId: WORKLOAD_ACCOUNT,
        userName: "legacy-admin",
    },
    "Yes",
);

export const accessAnalyzerFinding = envelope("aws.access-analyzer", "Access Analyzer Finding", {
    version: "1.0",
    id: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
    status: "ACTIVE",
    resourceType: "AWS::S3::Bucket",
    resource: "arn:aws:s3:::checkout-exports-111122223333",
    createdAt: "2026-11-23T10:10:00Z",
    analyzedAt: "2026-11-23T10:10:00Z",
    updatedAt: "2026-11-23T10:10:00Z",
    accountId: WORKLOAD_ACCOUNT,
    region: "eu-west-1",
    principal: { AWS: "999988887777" },
    action: ["s3:GetObject"],
    condition: {},
    isDeleted: false,
    isPublic: false,
});

/** An unused-access analyzer's finding: its own detail type, not "Access Analyzer Finding". */
export const unusedAccessFinding = envelope("aws.access-analyzer", "Unused Access Finding for IAM entities", {
    version: "1.0",
    id: "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
    status: "ACTIVE",
    resourceType: "AWS::IAM::Role",
    resource: `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/legacy-batch`,
    createdAt: "2026-11-23T10:10:00Z",
    analyzedAt: "2026-11-23T10:10:00Z",
    updatedAt: "2026-11-23T10:10:00Z",
    accountId: WORKLOAD_ACCOUNT,
    region: "us-east-1",
    findingType: "UnusedIAMRole",
    findingDetails: [{ unusedIamRoleDetails: { lastAccessed: "2026-06-01T00:00:00Z" } }],
});

export const macieFinding = envelope("aws.macie", "Macie Finding", {
    schemaVersion: "1.0",
    id: "64b917aa3a92b3e8d5d3e6f8a9b0c1d2",
    accountId: WORKLOAD_ACCOUNT,
    partition: "aws",
    region: "eu-west-1",
    type: "SensitiveData:S3Object/Personal",
    title: "The S3 object contains personal information.",
    severity: { score: 2, description: "Medium" },
    createdAt: "2026-11-23T10:11:00.000Z",
    updatedAt: "2026-11-23T10:11:00.000Z",
    count: 1,
    category: "CLASSIFICATION",
    resourcesAffected: { s3Bucket: { name: "checkout-exports-111122223333" }, s3Object: { key: "exports/customers.csv" } },
});

export const configNonCompliant = envelope("aws.config", "Config Rules Compliance Change", {
    resourceId: "checkout-exports-111122223333",
    awsRegion: "eu-west-1",
    awsAccountId: WORKLOAD_ACCOUNT,
    configRuleName: "s3-bucket-ssl-requests-only",
    recordVersion: "1.0",
    configRuleARN: `arn:aws:config:eu-west-1:${WORKLOAD_ACCOUNT}:config-rule/config-rule-abc123`,
    messageType: "ComplianceChangeNotification",
    newEvaluationResult: {
        evaluationResultIdentifier: {
            evaluationResultQualifier: {
                configRuleName: "s3-bucket-ssl-requests-only",
                resourceType: "AWS::S3::Bucket",
                resourceId: "checkout-exports-111122223333",
            },
            orderingTimestamp: "2026-11-23T10:09:00.000Z",
        },
        complianceType: "NON_COMPLIANT",
        resultRecordedTime: "2026-11-23T10:09:30.000Z",
        configRuleInvokedTime: "2026-11-23T10:09:10.000Z",
    },
    oldEvaluationResult: { complianceType: "COMPLIANT" },
    notificationCreationTime: "2026-11-23T10:09:31.000Z",
    resourceType: "AWS::S3::Bucket",
});
