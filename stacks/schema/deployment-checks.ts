import type { ConfigCheck } from "./checks";

/** The pipeline's mode against what the program creates for it. */
export const deploymentChecks: readonly ConfigCheck[] = [
    {
        // The member preview roles exist only where the program creates the pipeline's roles.
        name: "preview mode",
        reads: ["pipelineMode", "deployment"],
        problems: (c) =>
            c.pipelineMode === "preview" && !c.deployment
                ? [
                      {
                          path: ["pipelineMode"],
                          message:
                              "preview mode reads member accounts through the preview roles landing-zone:deployment creates (expected deploy, or landing-zone:deployment set)",
                      },
                  ]
                : [],
    },
];
