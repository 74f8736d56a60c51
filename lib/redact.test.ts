import { describe, expect, it } from "vitest";
import { redact, redactValue } from "./redact";

describe("redact", () => {
  it.each([
    ["key sk-abcdefghijklmnop leaked", "key sk-*** leaked"],
    ["token sha256~abcdefghijklmnopqrstuvwxyz0123", "token sha256~***"],
    ["Authorization: Bearer abc.def", "Authorization: *** ***"],
    ["header Bearer abcdef123", "header Bearer ***"],
    ["AKIAABCDEFGHIJKLMNOP used", "AKIA*** used"],
    ["https://user:pw@host/x", "https://***@host/x"],
    ["api_key=supersecret&x=1", "api_key=***&x=1"],
    ['{"password": "hunter2"}', '{"password": "***"}'],
    ["jwt eyJhbGciOi.eyJzdWIiOi.sig_nature", "jwt ***jwt***"],
  ])("%s", (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it("leaves ordinary text alone", () => {
    expect(redact("Model with id=abc not found in db")).toBe("Model with id=abc not found in db");
  });

  it("redacts secret-named fields deeply", () => {
    expect(redactValue({ api_key: "x", nested: { client_secret: "y", model: "gpt" }, list: ["sk-1234567890abcdef"] })).toEqual({
      api_key: "***",
      nested: { client_secret: "***", model: "gpt" },
      list: ["sk-***"],
    });
  });
});
