import { describeWithDatabase } from "@/db/testing/databases";
import { artifactRoutesTests } from "./testing/artifact-routes";

describeWithDatabase("MLflow artifacts", artifactRoutesTests);
