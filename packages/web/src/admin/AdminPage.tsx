// /admin: users and the audit log, for admins only (the hub checks too).
import { useState } from "react";
import type { User } from "../api/hubTypes.js";
import { RequireLogin } from "../auth/RequireLogin.js";
import { AuditSection } from "./AuditSection.js";
import { UsersSection } from "./UsersSection.js";

function AdminSections({ me }: { me: User }) {
  const [users, setUsers] = useState<User[]>([]);
  return (
    <>
      <UsersSection me={me} onUsers={setUsers} />
      <AuditSection users={users} />
    </>
  );
}

export function AdminPage() {
  return (
    <main className="page">
      <h1>Admin</h1>
      <RequireLogin admin>{(me) => <AdminSections me={me} />}</RequireLogin>
    </main>
  );
}
