import { describeStackThroughEngine } from "./stack-through-engine";

// Each stack has a file of its own: the end-to-end suite's two workers take one each.
describeStackThroughEngine("dev");
