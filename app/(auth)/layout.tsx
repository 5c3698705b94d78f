export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 bg-muted/40 p-6">
      <div className="text-2xl font-semibold tracking-tight">Foldline</div>
      {children}
    </main>
  );
}
