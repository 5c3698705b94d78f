export * from "./audit";
export * from "./teams";
export * from "./tokens";
export * from "./users";
