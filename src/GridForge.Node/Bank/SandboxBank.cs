using System.Security.Cryptography;
using GridForge.Core.Primitives;
using Microsoft.Data.Sqlite;

namespace GridForge.Node.Bank;

/// <summary>The node's sandbox bank: a small fiat ledger in its own SQLite file (WAL, full sync) so that the whole
/// on/off-ramp runs locally. Issuers hold reserve accounts (<c>reserve:{issuer}</c>); deposits arrive from outside
/// into them, payouts leave them for customer accounts (<c>customer:{payout reference}</c>). Every change is one
/// SQLite transaction with its journal entries, so a crash leaves it either done or not done.</summary>
public sealed class SandboxBank : IBankAdapter
{
    public const string FileName = "sandbox-bank.db";

    private readonly string _connectionString;
    private readonly TimeProvider _clock;
    private readonly Lock _write = new();

    private SandboxBank(string path, TimeProvider clock)
    {
        Path = path;
        _clock = clock;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
    }

    public string Path { get; }

    /// <summary>Test hook: called inside a payout's transaction, after the money moved and before the payout row is
    /// written; throwing from it is a crash at that point (the transaction rolls back).</summary>
    internal Action<string>? InsidePayout { get; set; }

    /// <summary>Opens (creating if needed) the sandbox bank in <paramref name="directory"/>.</summary>
    public static SandboxBank Open(string directory, TimeProvider? clock = null)
    {
        Directory.CreateDirectory(directory);
        var bank = new SandboxBank(System.IO.Path.Combine(directory, FileName), clock ?? TimeProvider.System);
        using var db = bank.Connect();
        Exec(db, null, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS accounts(id TEXT PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0));
            CREATE TABLE IF NOT EXISTS deposits(reference TEXT PRIMARY KEY, issuer TEXT NOT NULL, beneficiary TEXT NOT NULL,
                amount INTEGER NOT NULL CHECK (amount > 0), payer TEXT NOT NULL, received_at INTEGER NOT NULL, minted_by TEXT);
            CREATE TABLE IF NOT EXISTS payouts(key TEXT PRIMARY KEY, bank_ref TEXT NOT NULL UNIQUE, issuer TEXT NOT NULL,
                amount INTEGER NOT NULL CHECK (amount > 0), payout_ref TEXT NOT NULL, paid_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS journal(seq INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, delta INTEGER NOT NULL,
                kind TEXT NOT NULL, reference TEXT NOT NULL, at INTEGER NOT NULL);
            """);
        return bank;
    }

    public static string ReserveAccount(Address issuer) => $"reserve:{issuer}";

    public static string CustomerAccount(string payoutReference) => $"customer:{payoutReference}";

    private SqliteConnection Connect()
    {
        var db = new SqliteConnection(_connectionString);
        db.Open();
        Exec(db, null, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
        return db;
    }

    private static int Exec(SqliteConnection db, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(db, tx, sql, args);
        return cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection db, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private long Now => _clock.GetUtcNow().ToUnixTimeSeconds();

    private static long Checked(ulong amount) => amount is > 0 and <= long.MaxValue
        ? (long)amount
        : throw new BankRefusedException(BankRefusedException.InvalidRequest, $"an amount must be between 1 and {long.MaxValue} µ-units");

    private static string NewReference(string prefix) => $"{prefix}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}";

    private T Write<T>(Func<SqliteConnection, SqliteTransaction, T> body)
    {
        lock (_write)
        {
            using var db = Connect();
            using var tx = db.BeginTransaction(deferred: false);
            var result = body(db, tx);
            tx.Commit();
            return result;
        }
    }

    private static void Move(SqliteConnection db, SqliteTransaction tx, string account, long delta, string kind, string reference, long at)
    {
        Exec(db, tx, "INSERT INTO accounts(id, balance) VALUES ($a, 0) ON CONFLICT(id) DO NOTHING", ("$a", account));
        Exec(db, tx, "UPDATE accounts SET balance = balance + $d WHERE id = $a", ("$a", account), ("$d", delta));
        Exec(db, tx, "INSERT INTO journal(account, delta, kind, reference, at) VALUES ($a, $d, $k, $r, $t)",
            ("$a", account), ("$d", delta), ("$k", kind), ("$r", reference), ("$t", at));
    }

    /// <summary>Opens <paramref name="issuer"/>'s reserve account with <paramref name="amount"/> if it has none (the fiat
    /// that backs its genesis WATT); false when the account already exists.</summary>
    public bool EnsureOpeningBalance(Address issuer, ulong amount) => Write((db, tx) =>
    {
        var account = ReserveAccount(issuer);
        using var exists = Command(db, tx, "SELECT 1 FROM accounts WHERE id = $a", ("$a", account));
        if (exists.ExecuteScalar() is not null) return false;
        Move(db, tx, account, amount == 0 ? 0 : Checked(amount), "opening", "genesis", Now);
        return true;
    });

    /// <summary>Simulates a transfer from <paramref name="payer"/> arriving in <paramref name="issuer"/>'s reserve account,
    /// to be minted to <paramref name="beneficiary"/>; returns the deposit with its new unique reference.</summary>
    public BankDeposit ReceiveDeposit(Address issuer, Address beneficiary, ulong amount, string payer)
    {
        var micro = Checked(amount);
        if (string.IsNullOrWhiteSpace(payer) || payer.Length > 64)
        {
            throw new BankRefusedException(BankRefusedException.InvalidRequest, "the payer is named in 1 to 64 characters");
        }

        return Write((db, tx) =>
        {
            var deposit = new BankDeposit(NewReference("DEP"), issuer, beneficiary, amount, payer, Now, null);
            Exec(db, tx, "INSERT INTO deposits(reference, issuer, beneficiary, amount, payer, received_at) VALUES ($r, $i, $b, $a, $p, $t)",
                ("$r", deposit.Reference), ("$i", issuer.ToString()), ("$b", beneficiary.ToString()), ("$a", micro), ("$p", payer), ("$t", deposit.ReceivedAt));
            Move(db, tx, ReserveAccount(issuer), micro, "deposit", deposit.Reference, deposit.ReceivedAt);
            return deposit;
        });
    }

    public Task<IReadOnlyList<BankDeposit>> UnmintedDepositsAsync(Address issuer, CancellationToken ct = default) =>
        Task.FromResult(Deposits(issuer, unmintedOnly: true));

    /// <summary>The deposits of <paramref name="issuer"/> (or of all issuers), oldest first.</summary>
    public IReadOnlyList<BankDeposit> Deposits(Address? issuer = null, bool unmintedOnly = false)
    {
        using var db = Connect();
        using var cmd = Command(db, null,
            "SELECT reference, issuer, beneficiary, amount, payer, received_at, minted_by FROM deposits " +
            "WHERE ($i IS NULL OR issuer = $i) AND ($u = 0 OR minted_by IS NULL) ORDER BY rowid",
            ("$i", issuer?.ToString()), ("$u", unmintedOnly ? 1 : 0));
        return ReadDeposits(cmd);
    }

    public BankDeposit? FindDeposit(string reference)
    {
        using var db = Connect();
        using var cmd = Command(db, null, "SELECT reference, issuer, beneficiary, amount, payer, received_at, minted_by FROM deposits WHERE reference = $r",
            ("$r", reference));
        return ReadDeposits(cmd).FirstOrDefault();
    }

    private static List<BankDeposit> ReadDeposits(SqliteCommand cmd)
    {
        var list = new List<BankDeposit>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new BankDeposit(r.GetString(0), Address.Parse(r.GetString(1)), Address.Parse(r.GetString(2)), (ulong)r.GetInt64(3),
                r.GetString(4), r.GetInt64(5), r.IsDBNull(6) ? null : r.GetString(6)));
        }

        return list;
    }

    public Task MarkDepositMintedAsync(Address issuer, string depositReference, string chainReference, CancellationToken ct = default)
    {
        var changed = Write((db, tx) => Exec(db, tx,
            "UPDATE deposits SET minted_by = COALESCE(minted_by, $c) WHERE reference = $r AND issuer = $i",
            ("$c", chainReference), ("$r", depositReference), ("$i", issuer.ToString())));
        return changed == 1
            ? Task.CompletedTask
            : throw new BankRefusedException(BankRefusedException.UnknownDeposit, $"no deposit '{depositReference}' for issuer {issuer}");
    }

    public Task<BankPayout> PayOutAsync(PayoutInstruction instruction, CancellationToken ct = default)
    {
        var micro = Checked(instruction.Amount);
        return Task.FromResult(Write((db, tx) =>
        {
            if (FindPayout(db, tx, instruction.Key) is { } made)
            {
                return made.Issuer == instruction.Issuer && made.Amount == instruction.Amount && made.PayoutReference == instruction.PayoutReference
                    ? made
                    : throw new BankRefusedException(BankRefusedException.Conflict, $"payout {instruction.Key} was already made with other details");
            }

            var reserve = ReserveAccount(instruction.Issuer);
            using var balance = Command(db, tx, "SELECT balance FROM accounts WHERE id = $a", ("$a", reserve));
            var have = balance.ExecuteScalar() is long b ? b : 0;
            if (have < micro)
            {
                throw new BankRefusedException(BankRefusedException.InsufficientReserves,
                    $"the reserve account of {instruction.Issuer} holds {new Amount((ulong)have)}, less than the payout of {new Amount(instruction.Amount)}");
            }

            var payout = new BankPayout(instruction.Key, NewReference("PAY"), instruction.Issuer, instruction.Amount, instruction.PayoutReference, Now);
            Move(db, tx, reserve, -micro, "payout", payout.BankReference, payout.PaidAt);
            Move(db, tx, CustomerAccount(instruction.PayoutReference), micro, "payout", payout.BankReference, payout.PaidAt);
            InsidePayout?.Invoke(instruction.Key);
            Exec(db, tx, "INSERT INTO payouts(key, bank_ref, issuer, amount, payout_ref, paid_at) VALUES ($k, $b, $i, $a, $p, $t)",
                ("$k", payout.Key), ("$b", payout.BankReference), ("$i", payout.Issuer.ToString()), ("$a", micro), ("$p", payout.PayoutReference),
                    ("$t", payout.PaidAt));
            return payout;
        }));
    }

    public Task<BankPayout?> FindPayoutAsync(string key, CancellationToken ct = default)
    {
        using var db = Connect();
        return Task.FromResult(FindPayout(db, null, key));
    }

    private static BankPayout? FindPayout(SqliteConnection db, SqliteTransaction? tx, string key)
    {
        using var cmd = Command(db, tx, "SELECT key, bank_ref, issuer, amount, payout_ref, paid_at FROM payouts WHERE key = $k", ("$k", key));
        return ReadPayouts(cmd).FirstOrDefault();
    }

    /// <summary>Every payout, oldest first.</summary>
    public IReadOnlyList<BankPayout> Payouts()
    {
        using var db = Connect();
        using var cmd = Command(db, null, "SELECT key, bank_ref, issuer, amount, payout_ref, paid_at FROM payouts ORDER BY rowid");
        return ReadPayouts(cmd);
    }

    private static List<BankPayout> ReadPayouts(SqliteCommand cmd)
    {
        var list = new List<BankPayout>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new BankPayout(r.GetString(0), r.GetString(1), Address.Parse(r.GetString(2)), (ulong)r.GetInt64(3), r.GetString(4), r.GetInt64(5)));
        }

        return list;
    }

    public Task<ulong> ReserveBalanceAsync(Address issuer, CancellationToken ct = default) => Task.FromResult(Balance(ReserveAccount(issuer)));

    /// <summary>An account's balance in µ-units (0 for an account never used).</summary>
    public ulong Balance(string account)
    {
        using var db = Connect();
        using var cmd = Command(db, null, "SELECT balance FROM accounts WHERE id = $a", ("$a", account));
        return cmd.ExecuteScalar() is long b ? (ulong)b : 0;
    }

    /// <summary>Ledger self-checks: each balance is the sum of its journal, each deposit and payout has its journal
    /// entries; empty when sound.</summary>
    public IReadOnlyList<string> Audit()
    {
        using var db = Connect();
        var problems = new List<string>();
        using (var cmd = Command(db, null,
            "SELECT a.id, a.balance, COALESCE(SUM(j.delta), 0) FROM accounts a LEFT JOIN journal j ON j.account = a.id GROUP BY a.id HAVING a.balance <> " +
            "COALESCE(SUM(j.delta), 0)"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read()) problems.Add($"account {r.GetString(0)} holds {r.GetInt64(1)} but its journal sums to {r.GetInt64(2)}");
        }

        using (var cmd = Command(db, null,
            "SELECT COUNT(*) FROM deposits d WHERE (SELECT COUNT(*) FROM journal j WHERE j.kind = 'deposit' AND j.reference = d.reference AND j.delta = " +
            "d.amount) <> 1"))
        {
            if ((long)cmd.ExecuteScalar()! != 0) problems.Add("a deposit does not have exactly one reserve credit");
        }

        using (var cmd = Command(db, null,
            "SELECT COUNT(*) FROM payouts p WHERE (SELECT COUNT(*) FROM journal j WHERE j.kind = 'payout' AND j.reference = p.bank_ref) <> 2"))
        {
            if ((long)cmd.ExecuteScalar()! != 0) problems.Add("a payout does not have exactly one debit and one credit");
        }

        return problems;
    }
}
