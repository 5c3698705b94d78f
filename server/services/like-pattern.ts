/** `text` as a LIKE/ILIKE pattern that matches it literally (backslash is PostgreSQL's default escape). */
export const escapeLike = (text: string) => text.replace(/[%_\\]/g, "\\$&");
