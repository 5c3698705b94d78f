import { expect, it } from "vitest";
import { FilterSyntaxError, parseOrderBy, parseRunFilter } from "./run-filter";

it("parses the issue's example", () => {
  expect(parseRunFilter("metrics.rmse < 0.03 and params.algorithm = 'gbdt' and tags.symbol = 'SPX'")).toEqual([
    { kind: "metric", key: "rmse", op: "<", value: 0.03 },
    { kind: "param", key: "algorithm", op: "=", value: "gbdt" },
    { kind: "tag", key: "symbol", op: "=", value: "SPX" },
  ]);
});

it("parses attributes, backticked keys, LIKE, IN and NOT IN, negative and exponent numbers", () => {
  expect(
    parseRunFilter("attributes.status = 'FINISHED' AND run_name LIKE 'wf-%' AND tags.`my key` IN ('a', \"b\") AND params.x NOT IN ('1') AND metrics.`val loss` >= -1.5e-3 AND start_time > 1700000000000"),
  ).toEqual([
    { kind: "attribute", key: "status", op: "=", value: "FINISHED" },
    { kind: "attribute", key: "run_name", op: "LIKE", value: "wf-%" },
    { kind: "tag", key: "my key", op: "IN", value: ["a", "b"] },
    { kind: "param", key: "x", op: "NOT IN", value: ["1"] },
    { kind: "metric", key: "val loss", op: ">=", value: -0.0015 },
    { kind: "attribute", key: "start_time", op: ">", value: 1700000000000 },
  ]);
  expect(parseRunFilter("  ")).toEqual([]);
});

it.each([
  ["metrics.rmse < 'x'", /compares with a number/],
  ["params.lr > '0.1'", /does not apply/],
  ["metrics.rmse < 1 or metrics.mae < 1", /OR is not supported/],
  ["foo.bar = 'x'", /unknown entity "foo"/],
  ["attributes.color = 'red'", /unknown attribute "color"/],
  ["metrics.rmse <", /compares with a number, got "end of filter"/],
  ["tags.a IN ('x'", /expected "," or "\)"/],
  ["metrics.rmse < 1 and", /ends with AND/],
  ["params.a = 'x' ; drop table runs", /cannot parse the filter at ";/],
])("refuses %j", (filter, message) => {
  expect(() => parseRunFilter(filter)).toThrow(FilterSyntaxError);
  expect(() => parseRunFilter(filter)).toThrow(message);
});

it("parses order_by terms", () => {
  expect(parseOrderBy("metrics.rmse ASC")).toEqual({ kind: "metric", key: "rmse", desc: false });
  expect(parseOrderBy("attributes.start_time DESC")).toEqual({ kind: "attribute", key: "start_time", desc: true });
  expect(parseOrderBy("params.lr")).toEqual({ kind: "param", key: "lr", desc: false });
});
