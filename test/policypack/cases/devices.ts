import { CMK, INSTANCE, KEY, LT, LZ, R, res, S, PolicyCases } from "./fixtures";

/** Failing and passing cases of the policies in policypack/policies/devices.ts. */
export const devicesCases: Readonly<Record<string, PolicyCases>> = {
    "ec2-imdsv2-required": {
        fail: [
            R("IMDSv1 allowed", INSTANCE, { ami: "ami-1", instanceType: "t3.micro" }),
            R("launch template optional tokens", LT, { metadataOptions: { httpTokens: "optional" } }),
        ],
        pass: [
            R("tokens required", INSTANCE, { ami: "ami-1", metadataOptions: { httpTokens: "required" } }),
            R("metadata endpoint disabled", LT, { metadataOptions: { httpEndpoint: "disabled" } }),
        ],
    },
    "ec2-no-public-ip": {
        fail: [
            R("no subnet: the default VPC maps a public IP", INSTANCE, { ami: "ami-1", instanceType: "t3.micro" }),
            R("an Elastic IP on an instance", "aws:ec2/eip:Eip", { domain: "vpc", instance: "i-1" }),
            R("public IP on instance", INSTANCE, { ami: "ami-1", associatePublicIpAddress: true }),
            R("launch template string true", LT, { networkInterfaces: [{ associatePublicIpAddress: "true" }] }),
        ],
        pass: [
            R("an Elastic IP for a NAT gateway (no instance)", "aws:ec2/eip:Eip", { domain: "vpc" }),
            R("private instance", INSTANCE, { ami: "ami-1", associatePublicIpAddress: false }),
        ],
    },
    "ec2-ebs-encrypted-cmk": {
        fail: [
            R("unencrypted volume", "aws:ebs/volume:Volume", { availabilityZone: "eu-west-1a", size: 10 }),
            R("root device with AWS-managed key", INSTANCE, { ami: "ami-1", rootBlockDevice: { encrypted: true, kmsKeyId: "alias/aws/ebs" } }),
            R("launch template unencrypted", LT, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] }),
        ],
        pass: [
            R("CMK-encrypted root", INSTANCE, { ami: "ami-1", rootBlockDevice: { encrypted: true, kmsKeyId: CMK } }),
            R("CMK volume", "aws:ebs/volume:Volume", { availabilityZone: "a", encrypted: true, kmsKeyId: CMK }),
        ],
    },
    "ec2-no-ssh-key-pairs": {
        fail: [
            R("instance with key pair", INSTANCE, { ami: "ami-1", keyName: "ops" }),
            R("key pair resource", "aws:ec2/keyPair:KeyPair", { publicKey: "ssh-ed25519 AAAA" }),
        ],
        pass: [R("no key", INSTANCE, { ami: "ami-1" })],
    },
    "ec2-instance-profile-required": {
        fail: [R("no instance profile", INSTANCE, { ami: "ami-1" })],
        pass: [R("instance profile", INSTANCE, { ami: "ami-1", iamInstanceProfile: "app-profile" })],
    },
    "workspaces-volumes-encrypted": {
        fail: [
            R("unencrypted user volume", "aws:workspaces/workspace:Workspace", {
                bundleId: "b",
                directoryId: "d",
                userName: "u",
                rootVolumeEncryptionEnabled: true,
                volumeEncryptionKey: CMK,
            }),
        ],
        pass: [
            R("both volumes with CMK", "aws:workspaces/workspace:Workspace", {
                bundleId: "b",
                directoryId: "d",
                userName: "u",
                rootVolumeEncryptionEnabled: true,
                userVolumeEncryptionEnabled: true,
                volumeEncryptionKey: CMK,
            }),
        ],
    },
    "client-vpn-connection-logging": {
        fail: [R("logging off", "aws:ec2clientvpn/endpoint:Endpoint", { serverCertificateArn: "c", connectionLogOptions: { enabled: false } })],
        pass: [
            R("logging on", "aws:ec2clientvpn/endpoint:Endpoint", {
                serverCertificateArn: "c",
                connectionLogOptions: { enabled: true, cloudwatchLogGroup: "vpn" },
            }),
        ],
    },
    "ebs-default-encryption-enabled": {
        fail: [S("landing zone without EBS default encryption", [res(KEY, "k", { enableKeyRotation: true })], LZ)],
        pass: [S("enabled", [res("aws:ebs/encryptionByDefault:EncryptionByDefault", "ebs", { enabled: true })], LZ)],
    },
    "inspector-enabled": {
        fail: [S("EC2 only", [res("aws:inspector2/enabler:Enabler", "insp", { accountIds: ["111111111111"], resourceTypes: ["EC2"] })], LZ)],
        pass: [
            S("EC2 and ECR", [res("aws:inspector2/enabler:Enabler", "insp", { accountIds: ["111111111111"], resourceTypes: ["EC2", "ECR", "LAMBDA"] })], LZ),
        ],
    },
};
