/** The audit log showing only the entries about one resource (a peer's, TSIG key's or ACL's id): its history. */
export const auditHistoryPath = (resourceId: string) => `/audit?resource=${encodeURIComponent(resourceId)}`;
