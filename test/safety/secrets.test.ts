import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import * as YAML from "yaml";
import { REPO, runPreview, stackYaml } from "../support/preview";

describe("secrets never appear in plain text", () => {
    const secret = "hunter2-s3cr3t-Zq9";

    it("the preview masks secret inputs and outputs in the JSON, text and Markdown reports", () => {
        const program = path.join(__dirname, "fixtures", "secret-program.ts");
        const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", program, secret], { cwd: REPO, encoding: "utf8" });
        assert.strictEqual(run.status, 0, run.stderr);
        const out = JSON.parse(run.stdout) as { json: string; text: string; markdown: string };
        for (const [name, text] of Object.entries(out)) assert.ok(!text.includes(secret), `${name} report contains the secret`);
        const report = JSON.parse(out.json) as { resources: { name: string; inputs: Record<string, unknown> }[]; outputs: Record<string, unknown> };
        for (const name of ["webhook-token", "webhook-hint"]) assert.strictEqual(report.resources.find((r) => r.name === name)?.inputs.value, "[secret]", name);
        assert.strictEqual(report.outputs.token, "[secret]");
    });

    it("a secure config value never reaches an error message", () => {
        const config = YAML.parse(stackYaml("dev")) as { config: Record<string, unknown> };
        const ciphertext = "v1:Tm90QVJlYWxDaXBoZXJ0ZXh0:c2VjcmV0LXZhbHVlLWluLWNpcGhlcg==";
        config.config["landing-zone:environment"] = { secure: ciphertext };
        const run = runPreview({ stack: "dev", configYaml: YAML.stringify(config) });
        assert.strictEqual(run.code, 2, run.stderr);
        assert.match(run.stderr, /landing-zone:environment: .*\(got "\[secret\]"/);
        assert.ok(!run.stderr.includes(ciphertext) && !run.stdout.includes(ciphertext));
    });

    it("the stack files hold no plain-text secret: a secret-looking key is always `secure:`", () => {
        for (const stack of ["dev", "prod"]) {
            const values: [string, unknown][] = [];
            const walk = (v: unknown, key: string) => {
                if (v && typeof v === "object" && !Array.isArray(v) && !("secure" in (v as object)))
                    for (const [k, x] of Object.entries(v)) walk(x, `${key}.${k}`);
                else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${key}[${i}]`));
                else values.push([key, v]);
            };
            walk((YAML.parse(stackYaml(stack)) as { config: unknown }).config, stack);
            const exposed = values.filter(([key, v]) => /(password|secret|token|apikey|privatekey)$/i.test(key) && typeof v === "string").map(([k]) => k);
            assert.deepStrictEqual(exposed, [], `${stack}: secret-looking keys in plain text`);
        }
    });
});
