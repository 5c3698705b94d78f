import { z } from "zod";

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "enter a valid email address" }).max(254));

export const Password = z
  .string()
  .min(8, { message: "password must be at least 8 characters" })
  .max(256, { message: "password must be at most 256 characters" });
