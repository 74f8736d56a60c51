/** Client-safe react-query key factory for credentials (the list itself is server-rendered). */
export const credentialKeys = {
  all: ["credentials"] as const,
  list: () => [...credentialKeys.all, "list"] as const,
};
