export * from "./audit";
export * from "./backtests";
export * from "./datasets";
export * from "./registry";
export * from "./teams";
export * from "./tracking";
export * from "./tokens";
export * from "./users";
