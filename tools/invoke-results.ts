import { resultProperties } from "./aws-properties";
import { regionCode } from "../components/organization/naming";
import { alnum, arnFor, digits, EC2_ID_PREFIXES, hex, NAME_INPUTS, partitionOf, Placement, splitType, uuid } from "./placeholders";

/** Results of the data sources (invokes) the landing zone and typical programs call. */
export function invokeResult(token: string, inputs: Record<string, unknown>, at: Placement): Record<string, unknown> {
    const partition = partitionOf(at.region);
    const ssoInstance = `ssoins-${hex(`sso|${at.account}`, 16)}`;
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                accountId: at.account,
                arn: `arn:${partition}:sts::${at.account}:assumed-role/landing-zone/preview`,
                userId: `AROA${hex(at.account, 17).toUpperCase()}:preview`,
                id: at.account,
            };
        case "aws:index/getPartition:getPartition":
            return { partition, dnsSuffix: partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: partition };
        case "aws:index/getRegion:getRegion":
            return { name: at.region, region: at.region, id: at.region, endpoint: `ec2.${at.region}.amazonaws.com`, description: at.region };
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            const letters = ["a", "b", "c", "d"];
            return {
                names: letters.map((l) => `${at.region}${l}`),
                zoneIds: letters.map((_, i) => `${regionCode(at.region)}-az${i + 1}`),
                groupNames: [at.region],
                id: at.region,
            };
        }
        case "aws:ssoadmin/getInstances:getInstances":
            return { arns: [`arn:${partition}:sso:::instance/${ssoInstance}`], identityStoreIds: [`d-${digits(`idstore|${at.account}`, 10)}`], id: at.region };
        case "aws:identitystore/getGroup:getGroup": {
            const filter =
                (inputs.alternateIdentifier as { uniqueAttribute?: { attributeValue?: string } } | undefined)?.uniqueAttribute?.attributeValue ??
                JSON.stringify(inputs);
            return { groupId: uuid(`group|${filter}`), displayName: filter, identityStoreId: inputs.identityStoreId, id: uuid(`group|${filter}`) };
        }
        case "aws:ec2/getVpcs:getVpcs": {
            // Organizations creates every new account with a default VPC in each region.
            const filters = (inputs.filters ?? []) as { name?: string; values?: string[] }[];
            const defaultOnly = filters.some((f) => f.name === "is-default" && f.values?.includes("true"));
            return { ids: defaultOnly ? [`vpc-${hex(`default-vpc|${at.account}|${at.region}`, 17)}`] : [], id: at.region };
        }
        case "aws:organizations/getOrganization:getOrganization":
            return {
                id: `o-${alnum(`org|${at.account}`, 10)}`,
                arn: `arn:${partition}:organizations::${at.account}:organization/o-${alnum(`org|${at.account}`, 10)}`,
                masterAccountId: at.account,
                roots: [{ id: `r-${alnum(`root|${at.account}`, 4)}` }],
            };
    }
    return generatedInvokeResult(token, inputs, at);
}

/** AWS id prefixes by the name a data source or property uses for the thing (`vpc`, `subnet`, ...). */
const ID_PREFIX_BY_STEM: Readonly<Record<string, string>> = {
    ...Object.fromEntries(Object.entries(EC2_ID_PREFIXES).map(([type, prefix]) => [lowerFirst(splitType(type).resource), prefix])),
    ami: "ami",
    image: "ami",
    keyPair: "key",
    volume: "vol",
    ebsVolume: "vol",
    snapshot: "snap",
    ebsSnapshot: "snap",
    networkInterface: "eni",
    vpcPeeringConnection: "pcx",
    prefixList: "pl",
};

function lowerFirst(s: string): string {
    return s.charAt(0).toLowerCase() + s.slice(1);
}

/** An IAM policy document as aws.iam.getPolicyDocument renders its statements (the provider's own JSON layout). */
function policyDocumentJson(inputs: Record<string, unknown>): string {
    type Block = { type?: string; identifiers?: string[]; test?: string; variable?: string; values?: string[] };
    type Statement = Record<string, unknown> & { principals?: Block[]; notPrincipals?: Block[]; conditions?: Block[] };
    const one = (v: unknown) => (Array.isArray(v) && v.length === 1 ? v[0] : v);
    const principals = (blocks: Block[] | undefined) => {
        if (!blocks?.length) return undefined;
        if (blocks.length === 1 && blocks[0].type === "*") return "*";
        return Object.fromEntries(blocks.map((b) => [b.type, one(b.identifiers)]));
    };
    const statements = ((inputs.statements ?? []) as Statement[]).map((st) => {
        const conditions: Record<string, Record<string, unknown>> = {};
        for (const c of st.conditions ?? []) (conditions[c.test ?? ""] ??= {})[c.variable ?? ""] = one(c.values);
        const out: Record<string, unknown> = {
            Sid: st.sid,
            Effect: st.effect ?? "Allow",
            Action: one(st.actions),
            NotAction: one(st.notActions),
            Resource: one(st.resources),
            NotResource: one(st.notResources),
            Principal: principals(st.principals),
            NotPrincipal: principals(st.notPrincipals),
            Condition: Object.keys(conditions).length > 0 ? conditions : undefined,
        };
        return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
    });
    return JSON.stringify({ Version: inputs.version ?? "2012-10-17", ...(inputs.policyId ? { Id: inputs.policyId } : {}), Statement: statements }, null, 2);
}

/**
 * A data source's answer generated from @pulumi/aws's own declaration of its result: the arguments
 * echoed, ids in AWS's formats (`aws:ec2/getVpc:getVpc` -> `vpc-...`; a plural data source's `ids`
 * two of them and its `id` the region, as the provider sets it), partition-correct ARNs, the
 * placement's account and region, and empty values for the rest. A token @pulumi/aws does not
 * declare answers nothing: the program reads undefined, as from a data source that matched nothing.
 */
export function generatedInvokeResult(token: string, inputs: Record<string, unknown>, at: Placement): Record<string, unknown> {
    const props = resultProperties(token);
    if (!props) return {};
    const { module, resource } = splitType(token);
    // `aws:ec2/getAmi:getAmi` -> ami; a plural data source (getSubnets) -> its singular.
    const stem = resource.replace(/^get/, "");
    const plural = props.some((p) => p.name === "ids") && stem.endsWith("s");
    const singular = lowerFirst(plural ? stem.replace(/(e?s)$/, (m) => (stem.endsWith("ses") ? "" : m === "es" ? "e" : "")) : stem);
    const seed = `${token}|${JSON.stringify(inputs)}|${at.account}|${at.region}`;
    const idOf = (thing: string, n: string) => {
        const prefix = ID_PREFIX_BY_STEM[thing];
        return prefix ? `${prefix}-${hex(`${seed}|${n}`, 17)}` : `${thing}-${hex(`${seed}|${n}`, 8)}`;
    };
    // AWS names the thing by its name (a bucket, a role) unless it has an id format of its own.
    const named = ID_PREFIX_BY_STEM[singular] ? undefined : NAME_INPUTS.map((k) => inputs[k]).find((v): v is string => typeof v === "string");
    const id = typeof inputs.id === "string" ? inputs.id : plural ? at.region : (named ?? idOf(singular, "id"));
    const out: Record<string, unknown> = {};
    for (const { name, type } of props) {
        if (inputs[name] !== undefined) out[name] = inputs[name];
        else if (name === "id") out[name] = id;
        else if (name === "ids") out[name] = [idOf(singular, "0"), idOf(singular, "1")];
        else if (name === "arn") out[name] = arnFor(`aws:${module}/${singular}:${singular.charAt(0).toUpperCase()}${singular.slice(1)}`, id, inputs, at, id);
        else if (name === "region") out[name] = at.region;
        else if (name === "accountId" || name === "ownerId" || name === "registryId") out[name] = at.account;
        else if (name.endsWith("Id") && ID_PREFIX_BY_STEM[name.slice(0, -2)])
            // The thing's own id under another name (getAmi's imageId) is its id.
            out[name] = ID_PREFIX_BY_STEM[name.slice(0, -2)] === ID_PREFIX_BY_STEM[singular] ? id : idOf(name.slice(0, -2), name);
        else if (type === "string") out[name] = "";
        else if (type === "number") out[name] = 0;
        else if (type === "boolean") out[name] = false;
        else out[name] = type.endsWith("[]") ? [] : {};
    }
    if (token === "aws:iam/getPolicyDocument:getPolicyDocument") {
        out.json = policyDocumentJson(inputs);
        out.minifiedJson = JSON.stringify(JSON.parse(out.json as string));
    }
    return out;
}
