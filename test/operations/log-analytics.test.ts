import * as assert from "assert";
import { Parser } from "node-sql-parser/build/athena";
import { DNS_QUERY_LOG_PARTITIONS, DNS_QUERY_LOG_TABLE, FLOW_LOG_PARTITIONS, FLOW_LOG_TABLE } from "../../components/operations/log-analytics";
import { logQueries, SUSPECT_ADDRESS_PLACEHOLDER } from "../../components/operations/log-queries";
import { queryResultsBucketPolicy } from "../../components/policies/s3";
import { DNS_QUERY_LOG_COLUMNS, VPC_FLOW_LOG_COLUMNS, vpcFlowLogFormat } from "../../components/shared/log-formats";
import { LOG_ANALYTICS_DATABASE } from "../../components/shared/names";
import { expectDecisions } from "../support/iam-simulation";
import { describeStackGraphs } from "./stack-graph";

type Inputs = Record<string, any>;

const TABLES: Readonly<Record<string, { columns: readonly string[]; partitions: readonly string[] }>> = {
    [FLOW_LOG_TABLE]: { columns: VPC_FLOW_LOG_COLUMNS.map((c) => c.name), partitions: FLOW_LOG_PARTITIONS },
    [DNS_QUERY_LOG_TABLE]: { columns: DNS_QUERY_LOG_COLUMNS.map((c) => c.name), partitions: DNS_QUERY_LOG_PARTITIONS },
};

/**
 * Columns a query names that its tables do not have. The parser lists every column reference; select-list
 * aliases (usable in ORDER BY) and the inner query's aliases are not columns. Double-quoted identifiers
 * other than the database and table names are columns too (Athena quotes reserved words such as "end").
 */
function unknownColumns(sql: string): string[] {
    const parser = new Parser();
    const ast = parser.astify(sql, { database: "athena" });
    const aliases = new Set<string>();
    const collect = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(collect);
        else if (node && typeof node === "object") {
            const n = node as Record<string, unknown>;
            if (typeof n.as === "string") aliases.add(n.as);
            Object.values(n).forEach(collect);
        }
    };
    collect(ast);
    const tables = parser.tableList(sql, { database: "athena" }).map((t) => t.split("::")[2]);
    const known = new Set(tables.flatMap((t) => [...(TABLES[t]?.columns ?? []), ...(TABLES[t]?.partitions ?? [])]));
    const referenced = parser.columnList(sql, { database: "athena" }).map((c) => c.split("::")[2]);
    const quoted = [...sql.matchAll(/"([A-Za-z_][A-Za-z0-9_]*)"/g)].map((m) => m[1]).filter((q) => q !== LOG_ANALYTICS_DATABASE && !(q in TABLES));
    return [...new Set([...referenced, ...quoted])].filter((c) => !known.has(c) && !aliases.has(c));
}

describe("log analytics (flow logs and DNS logs in Athena)", () => {
    const queries = logQueries({
        database: LOG_ANALYTICS_DATABASE,
        flowLogTable: FLOW_LOG_TABLE,
        dnsQueryLogTable: DNS_QUERY_LOG_TABLE,
        inspectionVpcIds: ["vpc-0a1b2c3d4e5f60718", "vpc-0f1e2d3c4b5a69788"],
        eastWestPorts: [443, 8443],
        lookbackDays: 7,
    });

    describe("the saved queries", () => {
        for (const q of queries) {
            it(`${q.name} parses and names only columns its tables have`, () => {
                assert.deepStrictEqual(unknownColumns(q.sql), []);
                // Every table a query reads is one of the database's two tables, named with its database.
                const tables = new Parser().tableList(q.sql, { database: "athena" }).map((t) => t.split("::").slice(1).join("."));
                assert.ok(tables.length > 0);
                for (const t of tables)
                    assert.ok([FLOW_LOG_TABLE, DNS_QUERY_LOG_TABLE].map((n) => `${LOG_ANALYTICS_DATABASE}.${n}`).includes(t), `${q.name}: ${t}`);
            });
        }

        it("the column check finds a column no table has", () => {
            assert.deepStrictEqual(unknownColumns(`SELECT srcaddr, dest_port FROM "${LOG_ANALYTICS_DATABASE}"."${FLOW_LOG_TABLE}"`), ["dest_port"]);
            assert.deepStrictEqual(unknownColumns(`SELECT "finish" FROM "${LOG_ANALYTICS_DATABASE}"."${FLOW_LOG_TABLE}"`), ["finish"]);
            // A DNS column is not a flow-log column.
            assert.deepStrictEqual(unknownColumns(`SELECT query_name FROM "${LOG_ANALYTICS_DATABASE}"."${FLOW_LOG_TABLE}"`), ["query_name"]);
        });

        it("every flow-log query reads only the last days' partitions, and the east-west query excludes the allowed ports", () => {
            for (const q of queries.filter((x) => x.sql.includes(FLOW_LOG_TABLE)))
                assert.match(q.sql, /date_parse\(concat\((\w+\.)?year, (\w+\.)?month, (\w+\.)?day\)/, q.name);
            for (const q of queries.filter((x) => x.sql.includes(DNS_QUERY_LOG_TABLE))) assert.match(q.sql, /date_parse\(log_date/, q.name);
            assert.match(queries.find((q) => q.name === "east-west-outside-allowed-ports")!.sql, /dstport NOT IN \(443, 8443\)/);
            assert.match(
                queries.find((q) => q.name === "internet-ingress-outside-inspection")!.sql,
                /vpc_id NOT IN \('vpc-0a1b2c3d4e5f60718', 'vpc-0f1e2d3c4b5a69788'\)/,
            );
            assert.ok(queries.some((q) => q.sql.includes(SUSPECT_ADDRESS_PLACEHOLDER)));
        });
    });

    describe("the results bucket policy", () => {
        const bucket = "lz-dev-athena-results-111111111111-eu-west-1";
        const doc = queryResultsBucketPolicy({ partition: "aws", bucketName: bucket, accountId: "222222222222" });
        const object = `arn:aws:s3:::${bucket}/2026/12/06/query.csv`;
        it("admits the owning account's principals over TLS only, and nobody else", async () => {
            const read = (account: string, tls: boolean, expected: "Allowed" | "ExplicitlyDenied", statement?: string) => ({
                description: `${account} reads a result ${tls ? "over TLS" : "without TLS"}`,
                principal: `arn:aws:iam::${account}:role/analyst`,
                action: "s3:GetObject",
                resource: object,
                resourceAccount: "222222222222",
                context: { "aws:SecureTransport": String(tls) },
                expected,
                statement,
            });
            await expectDecisions({ resourcePolicy: doc }, [
                read("222222222222", true, "Allowed"),
                read("222222222222", false, "ExplicitlyDenied", "DenyWithoutTls"),
                read("333333333333", true, "ExplicitlyDenied", "DenyOutsideOwningAccount"),
            ]);
        });
    });

    describeStackGraphs(
        (stack) => `in ${stack}'s graph`,
        ({ ofType, resources }) => {
            const one = (type: string) => {
                const found = ofType(type);
                assert.strictEqual(found.length, 1, type);
                return found[0].inputs as Inputs;
            };

            it("every VPC flow log writes the format the table reads, as hourly Hive-partitioned Parquet; transit gateway flow logs keep theirs", () => {
                const flowLogs = ofType("aws:ec2/flowLog:FlowLog");
                assert.ok(flowLogs.length > 0);
                for (const f of flowLogs) {
                    const inputs = f.inputs as Inputs;
                    if (inputs.transitGatewayId) assert.strictEqual(inputs.logFormat, undefined, f.urn);
                    else assert.strictEqual(inputs.logFormat, vpcFlowLogFormat(), f.urn);
                    assert.deepStrictEqual(inputs.destinationOptions, { fileFormat: "parquet", hiveCompatiblePartitions: true, perHourPartition: true }, f.urn);
                }
                const table = ofType("aws:glue/catalogTable:CatalogTable").find((t) => (t.inputs as Inputs).name === FLOW_LOG_TABLE)!.inputs as Inputs;
                const fields = vpcFlowLogFormat()
                    .split(" ")
                    .map((f) => f.slice(2, -1).replace(/-/g, "_"));
                assert.deepStrictEqual(
                    table.storageDescriptor.columns.map((c: Inputs) => c.name),
                    fields,
                );
                assert.strictEqual(table.storageDescriptor.serDeInfo.serializationLibrary, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
            });

            it("each table's projection covers every partition key, every account, region and query-logged VPC, and the archive's real paths", () => {
                const accounts = ofType("aws:organizations/account:Account").map((a) => a.id);
                const tables = ofType("aws:glue/catalogTable:CatalogTable").map((t) => t.inputs as Inputs);
                assert.deepStrictEqual(tables.map((t) => t.name).sort(), [DNS_QUERY_LOG_TABLE, FLOW_LOG_TABLE]);
                for (const t of tables) {
                    const p = t.parameters as Record<string, string>;
                    const keys = t.partitionKeys.map((k: Inputs) => k.name);
                    assert.deepStrictEqual(keys, [...TABLES[t.name].partitions]);
                    assert.strictEqual(p["projection.enabled"], "true");
                    for (const k of keys) assert.ok(p[`projection.${k}.type`], `${t.name}: projection.${k}.type`);
                    const templated = [...p["storage.location.template"].matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
                    assert.deepStrictEqual(templated, keys, `${t.name}: the location template names every partition key, in order`);
                    assert.ok(p["storage.location.template"].startsWith(t.storageDescriptor.location), t.name);
                    // Projection cannot discover values: every account of the organization must be listed.
                    const accountKey = keys[0];
                    assert.deepStrictEqual(p[`projection.${accountKey}.values`].split(",").sort(), [...new Set(accounts)].sort(), `${t.name}: accounts`);
                }
                const flows = tables.find((t) => t.name === FLOW_LOG_TABLE)!;
                assert.match(
                    flows.parameters["storage.location.template"],
                    /^s3:\/\/lz-\w+-flow-logs-\d{12}-[a-z0-9-]+\/AWSLogs\/aws-account-id=\$\{aws_account_id\}\/aws-service=vpcflowlogs\/aws-region=\$\{aws_region\}\/year=\$\{year\}\/month=\$\{month\}\/day=\$\{day\}\/hour=\$\{hour\}$/,
                );
                const flowRegions = new Set(ofType("aws:ec2/flowLog:FlowLog").map((f) => f.region));
                assert.deepStrictEqual(flows.parameters["projection.aws_region.values"].split(",").sort(), [...flowRegions].sort());
                const dns = tables.find((t) => t.name === DNS_QUERY_LOG_TABLE)!;
                const logged = ofType("aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation").map(
                    (a) => (a.inputs as Inputs).resourceId,
                );
                assert.ok(logged.length > 0);
                assert.deepStrictEqual(dns.parameters["projection.vpc.values"].split(",").sort(), [...new Set(logged)].sort());
                assert.match(
                    dns.parameters["storage.location.template"],
                    /^s3:\/\/lz-\w+-dns-query-logs-\d{12}-[a-z0-9-]+\/AWSLogs\/\$\{log_account\}\/vpcdnsquerylogs\/\$\{vpc\}\/\$\{log_date\}$/,
                );
            });

            it("the workgroup enforces encrypted results in the archive account's own bucket, access-logged, with a scan limit", () => {
                const wg = ofType("aws:athena/workgroup:Workgroup");
                assert.strictEqual(wg.length, 1);
                const c = (wg[0].inputs as Inputs).configuration;
                assert.strictEqual(c.enforceWorkgroupConfiguration, true);
                assert.ok(c.bytesScannedCutoffPerQuery >= 10_000_000);
                assert.strictEqual(c.resultConfiguration.encryptionConfiguration.encryptionOption, "SSE_KMS");
                const key = ofType("aws:kms/key:Key").find(
                    (k) =>
                        k.account === wg[0].account &&
                        k.region === wg[0].region &&
                        c.resultConfiguration.encryptionConfiguration.kmsKeyArn.endsWith(`:key/${k.id}`),
                );
                assert.ok(key, "the results key is a key of the workgroup's own account and region");
                assert.strictEqual(c.resultConfiguration.expectedBucketOwner, wg[0].account);
                const bucketName = c.resultConfiguration.outputLocation.replace(/^s3:\/\//, "").replace(/\/$/, "");
                const bucket = ofType("aws:s3/bucket:Bucket").find((b) => (b.inputs as Inputs).bucket === bucketName);
                assert.ok(bucket && bucket.account === wg[0].account, "results bucket in the workgroup's account");
                const logging = ofType("aws:s3/bucketLogging:BucketLogging").find(
                    (l) => l.dependencies.includes(bucket!.urn) || (l.inputs as Inputs).bucket === bucketName,
                );
                assert.ok(logging, "results bucket is access-logged");
                // The archive account reads its logs through IAM; it is the account of the log buckets.
                const archive = ofType("aws:s3/bucket:Bucket").find((b) => /-flow-logs-/.test((b.inputs as Inputs).bucket));
                assert.strictEqual(archive?.account, wg[0].account);
            });

            it("saves every query in the workgroup and database", () => {
                const saved = ofType("aws:athena/namedQuery:NamedQuery").map((q) => q.inputs as Inputs);
                assert.deepStrictEqual(saved.map((q) => q.name).sort(), queries.map((q) => q.name).sort());
                const workgroup = one("aws:athena/workgroup:Workgroup");
                for (const q of saved) {
                    assert.strictEqual(q.workgroup, workgroup.name);
                    assert.strictEqual(q.database, LOG_ANALYTICS_DATABASE);
                    assert.deepStrictEqual(unknownColumns(q.query), [], q.name);
                }
                const inspection = resources()
                    .filter((r) => r.type === "aws:ec2/vpc:Vpc" && r.urn.includes("inspection"))
                    .map((v) => v.id);
                assert.ok(inspection.length > 0);
                const ingress = saved.find((q) => q.name === "internet-ingress-outside-inspection")!;
                for (const id of inspection) assert.ok(ingress.query.includes(`'${id}'`), `${id} excluded`);
            });
        },
    );
});
