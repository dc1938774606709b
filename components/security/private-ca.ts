import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../policies/document";
import { crlKeyPolicy } from "../policies/kms";
import { CRL_PREFIX, crlBucketPolicy, PRIVATE_CA_PERMISSION_TEST_KEYS } from "../policies/s3";
import { shareWithOrganization } from "../network/share";
import { partitionOf } from "../organization/naming";

export interface PrivateCertificateAuthorityArgs {
    /** Home region of the CAs (the provider's region). */
    readonly region: string;
    readonly caAccountId: pulumi.Input<string>;
    readonly organizationId: pulumi.Input<string>;
    readonly organizationArn: pulumi.Input<string>;
    /** RAM sharing with the organization: the share's principal association waits for it. */
    readonly ramSharing: aws.ram.SharingWithOrganization;
    /** The log-archive account's provider in the home region: the CRL bucket and its key live there. */
    readonly archiveProvider: aws.Provider;
    readonly archiveAccountId: pulumi.Input<string>;
    /** Role that administers the CRL key in the log-archive account (the deployer's access role). */
    readonly archiveAdministratorRoleName: string;
    readonly crlBucketName: string;
    /** The central access-log bucket, and its policy (access logs delivered before it admits S3 logging are lost). */
    readonly accessLogBucketName: string;
    readonly accessLogBucketPolicy: pulumi.Resource;
    readonly kmsDeletionWindowDays: number;
    readonly settings: PrivateCaSettings;
}

/** The CA hierarchy's settings (endpoint.privateCa). */
export interface PrivateCaSettings {
    /** Subject organization (O) of both CAs. */
    readonly organization: string;
    /** Common-name stem: "<stem> Root CA", "<stem> Issuing CA". */
    readonly commonName: string;
    readonly keyAlgorithm: "EC_prime256v1" | "EC_secp384r1" | "RSA_2048" | "RSA_3072" | "RSA_4096";
    readonly signingAlgorithm: "SHA256WITHECDSA" | "SHA384WITHECDSA" | "SHA512WITHECDSA" | "SHA256WITHRSA" | "SHA384WITHRSA" | "SHA512WITHRSA";
    readonly rootValidityYears: number;
    readonly issuingValidityYears: number;
    readonly crlExpirationDays: number;
    /** Days a deleted CA can be restored before AWS deletes it for good. */
    readonly permanentDeletionTimeInDays: number;
}

/**
 * An ACM Private CA hierarchy for mutual TLS between services: a root CA that only signs the issuing CA
 * (kept offline in practice: nothing but the issuing CA's certificate is ever issued from it), and an
 * issuing CA in short-lived-certificate mode (leaf certificates valid at most 7 days, which AWS enforces
 * for the mode) shared with the whole organization through RAM. Revocation: OCSP from AWS's responder,
 * and CRLs written to a bucket in the log-archive account. Two tiers, so the issuing CA can be replaced
 * or revoked without re-distributing the trust anchor every workload pins.
 */
export class PrivateCertificateAuthority extends pulumi.ComponentResource {
    readonly root: aws.acmpca.CertificateAuthority;
    readonly issuing: aws.acmpca.CertificateAuthority;
    /** The root's self-signed certificate: the trust anchor workloads install. */
    readonly rootCertificate: pulumi.Output<string>;

    constructor(name: string, args: PrivateCertificateAuthorityArgs, opts: pulumi.ComponentResourceOptions) {
        super("landing-zone:security:PrivateCertificateAuthority", name, {}, opts);
        const s = args.settings;
        if (s.issuingValidityYears >= s.rootValidityYears)
            throw new Error(
                `PrivateCertificateAuthority ${name}: issuingValidityYears ${s.issuingValidityYears} must be below rootValidityYears ${s.rootValidityYears} (endpoint.privateCa)`,
            );
        const partition = partitionOf(args.region);
        const child = { parent: this };
        const archive = { parent: this, provider: args.archiveProvider };
        const bucketArn = `arn:${partition}:s3:::${args.crlBucketName}`;

        const key = new aws.kms.Key(
            `${name}-crl-key`,
            {
                description: "Encrypts the private CAs' certificate revocation lists",
                enableKeyRotation: true,
                deletionWindowInDays: args.kmsDeletionWindowDays,
                policy: pulumi.all([args.organizationId, args.archiveAccountId, args.caAccountId]).apply(([organizationId, accountId, caAccountId]) =>
                    toJson(
                        crlKeyPolicy({
                            partition,
                            region: args.region,
                            accountId,
                            organizationId,
                            administratorRoleNames: [args.archiveAdministratorRoleName],
                            objectArns: [`${bucketArn}/${CRL_PREFIX}*`, ...PRIVATE_CA_PERMISSION_TEST_KEYS.map((k) => `${bucketArn}/${k}`)],
                            caAccountId,
                            caRegion: args.region,
                        }),
                    ),
                ),
            },
            archive,
        );
        const bucket = new aws.s3.Bucket(`${name}-crl`, { bucket: args.crlBucketName, forceDestroy: false }, archive);
        const onBucket = { parent: bucket, provider: args.archiveProvider };
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-crl-public-access`,
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            onBucket,
        );
        new aws.s3.BucketOwnershipControls(`${name}-crl-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, onBucket);
        const versioning = new aws.s3.BucketVersioning(
            `${name}-crl-versioning`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            onBucket,
        );
        // No S3 Bucket Key: with one, the KMS encryption context is the bucket, not the object the key policy names.
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-crl-encryption`,
            {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: false }],
            },
            onBucket,
        );
        new aws.s3.BucketLogging(
            `${name}-crl-access-logging`,
            { bucket: bucket.id, targetBucket: args.accessLogBucketName, targetPrefix: "private-ca-crl/" },
            { ...onBucket, dependsOn: [args.accessLogBucketPolicy] },
        );
        // Each CRL is rewritten in place; superseded versions are kept a while for investigations.
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-crl-lifecycle`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "superseded-crls",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: 365 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            { ...onBucket, dependsOn: [versioning] },
        );
        const policy = new aws.s3.BucketPolicy(
            `${name}-crl-policy`,
            {
                bucket: bucket.id,
                policy: pulumi
                    .all([args.organizationId, args.caAccountId])
                    .apply(([organizationId, caAccountId]) =>
                        toJson(crlBucketPolicy({ partition, bucketName: args.crlBucketName, organizationId, caAccountId, caRegion: args.region })),
                    ),
            },
            { ...onBucket, dependsOn: [publicAccess] },
        );

        const subject = (tier: string) => ({ commonName: `${s.commonName} ${tier} CA`, organization: s.organization });
        const revocation = (ocsp: boolean): aws.types.input.acmpca.CertificateAuthorityRevocationConfiguration => ({
            crlConfiguration: {
                enabled: true,
                expirationInDays: s.crlExpirationDays,
                s3BucketName: args.crlBucketName,
                // Block Public Access is on: AWS Private CA must not set a public-read ACL on the CRL.
                s3ObjectAcl: "BUCKET_OWNER_FULL_CONTROL",
            },
            ocspConfiguration: { enabled: ocsp },
        });
        // AWS Private CA writes a test object with the bucket's key when the CA is created: both must admit it first.
        const caOptions = { ...child, dependsOn: [policy, encryption, key] };
        const ca = (tier: string, type: "ROOT" | "SUBORDINATE", usageMode: string, ocsp: boolean) =>
            new aws.acmpca.CertificateAuthority(
                `${name}-${tier}`,
                {
                    type,
                    usageMode,
                    certificateAuthorityConfiguration: {
                        keyAlgorithm: s.keyAlgorithm,
                        signingAlgorithm: s.signingAlgorithm,
                        subject: subject(tier === "root" ? "Root" : "Issuing"),
                    },
                    permanentDeletionTimeInDays: s.permanentDeletionTimeInDays,
                    revocationConfiguration: revocation(ocsp),
                    tags: { Name: `${s.commonName}-${tier}` },
                },
                caOptions,
            );

        // The root signs a CA's CSR with an AWS template; a certificate of the root's own comes first.
        const signedByRoot = (tier: string, subjectCa: aws.acmpca.CertificateAuthority, template: string, years: number, dependsOn: pulumi.Resource[]) =>
            new aws.acmpca.Certificate(
                `${name}-${tier}-certificate`,
                {
                    certificateAuthorityArn: this.root.arn,
                    certificateSigningRequest: subjectCa.certificateSigningRequest,
                    signingAlgorithm: s.signingAlgorithm,
                    templateArn: `arn:${partition}:acm-pca:::template/${template}`,
                    validity: { type: "YEARS", value: String(years) },
                },
                { ...child, dependsOn },
            );

        // The root signs only the issuing CA's certificate; revoking that is published in the root's CRL.
        this.root = ca("root", "ROOT", "GENERAL_PURPOSE", false);
        const rootCertificate = signedByRoot("root", this.root, "RootCACertificate/V1", s.rootValidityYears, []);
        const rootInstalled = new aws.acmpca.CertificateAuthorityCertificate(
            `${name}-root-installed`,
            { certificateAuthorityArn: this.root.arn, certificate: rootCertificate.certificate },
            child,
        );

        this.issuing = ca("issuing", "SUBORDINATE", "SHORT_LIVED_CERTIFICATE", true);
        // Path length 0: the issuing CA signs leaf certificates only, never another CA. The root issues it
        // only once its own certificate is installed (it is PENDING_CERTIFICATE before).
        const issuingCertificate = signedByRoot("issuing", this.issuing, "SubordinateCACertificate_PathLen0/V1", s.issuingValidityYears, [rootInstalled]);
        const issuingInstalled = new aws.acmpca.CertificateAuthorityCertificate(
            `${name}-issuing-installed`,
            { certificateAuthorityArn: this.issuing.arn, certificate: issuingCertificate.certificate, certificateChain: rootCertificate.certificate },
            child,
        );

        // Every account issues from the issuing CA through RAM's default permission for CAs (end-entity certificates).
        shareWithOrganization(
            `${name}-issuing`,
            { organizationArn: args.organizationArn, ramSharing: args.ramSharing, resources: { ca: this.issuing.arn } },
            // A CA is shared once it is ACTIVE, that is once its certificate is installed.
            { ...child, dependsOn: [issuingInstalled] },
        );
        this.rootCertificate = rootCertificate.certificate;
        this.registerOutputs({ rootArn: this.root.arn, issuingArn: this.issuing.arn, rootCertificate: this.rootCertificate });
    }
}
