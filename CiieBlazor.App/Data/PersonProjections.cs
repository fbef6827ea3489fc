using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Search;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Data;

/// <summary>
/// One gram of a person's folded name (<see cref="NameGrams"/>): the fuzzy name index of the reviewer grid. Written in
/// the same save as the person (<see cref="AppDbContext"/>), deleted with it by the foreign key's cascade.
/// </summary>
public sealed class PersonNameGram
{
    public Guid EditionId { get; set; }
    public string Gram { get; set; } = "";
    public Guid PersonId { get; set; }
}

/// <summary>
/// How many persons share one combination of the grid's categorical columns. Maintained by database triggers on
/// Persons (every insert, update of these columns and delete, whoever writes), so totals and the quota bar are sums
/// over a few hundred rows instead of counts over a million. <see cref="PersonCounters.RebuildAsync"/> recomputes it.
/// </summary>
public sealed class PersonCount
{
    public Guid EditionId { get; set; }
    public Guid DelegationId { get; set; }
    public PersonStatus Status { get; set; }
    /// <summary>The tag's name, or "" for none (a key column cannot be null).</summary>
    public string Tag { get; set; } = "";
    public PersonType PersonType { get; set; }
    public PickupMethod PickupMethod { get; set; }
    public bool IsReuse { get; set; }
    /// <summary>The person's badge status (Persons.BadgeStatus, kept by the Badges triggers).</summary>
    public BadgeStatus BadgeStatus { get; set; }
    public int Count { get; set; }

    public static string TagKey(PersonTag? tag) => tag?.ToString() ?? "";
}

public static class PersonCounters
{
    /// <summary>Recomputes the counters from Persons in one statement (after a bulk load, or to check the triggers).</summary>
    public static async Task RebuildAsync(AppDbContext db, CancellationToken ct = default)
    {
        await db.PersonCounts.ExecuteDeleteAsync(ct);
        await db.Database.ExecuteSqlRawAsync(RebuildSql, ct);
    }

    /// <summary>Every person's badge status copied from its badge, then the counters recomputed (the migration runs this once).</summary>
    public const string BackfillBadgeStatusSql =
        """
        UPDATE "Persons" SET "BadgeStatus" = (SELECT "Status" FROM "Badges" WHERE "Badges"."PersonId" = "Persons"."Id")
        WHERE EXISTS (SELECT 1 FROM "Badges" WHERE "Badges"."PersonId" = "Persons"."Id")
        """;

    public const string RebuildSql =
        """
        INSERT INTO "PersonCounts" ("EditionId", "DelegationId", "Status", "Tag", "PersonType", "PickupMethod", "IsReuse", "BadgeStatus", "Count")
        SELECT "EditionId", "DelegationId", "Status", COALESCE("Tag", ''), "PersonType", "PickupMethod", "IsReuse", "BadgeStatus", COUNT(*)
        FROM "Persons"
        GROUP BY "EditionId", "DelegationId", "Status", COALESCE("Tag", ''), "PersonType", "PickupMethod", "IsReuse", "BadgeStatus"
        """;

    /// <summary>The counters as the triggers left them, without empty rows, for comparison with a rebuild.</summary>
    public static async Task<List<string>> SnapshotAsync(AppDbContext db, CancellationToken ct = default) =>
        (await db.PersonCounts.AsNoTracking().Where(c => c.Count != 0).ToListAsync(ct))
        .Select(c => $"{c.EditionId}|{c.DelegationId}|{c.Status}|{c.Tag}|{c.PersonType}|{c.PickupMethod}|{c.IsReuse}|{c.BadgeStatus}={c.Count}")
        .Order(StringComparer.Ordinal).ToList();

    /// <summary>SQLite triggers keeping <see cref="PersonCount"/> right (applied by the SQLite migration).</summary>
    public const string SqliteTriggers =
        """
        CREATE TRIGGER "TR_Persons_Counts_Insert" AFTER INSERT ON "Persons" BEGIN
            INSERT INTO "PersonCounts" ("EditionId", "DelegationId", "Status", "Tag", "PersonType", "PickupMethod", "IsReuse", "BadgeStatus", "Count")
            VALUES (NEW."EditionId", NEW."DelegationId", NEW."Status", COALESCE(NEW."Tag", ''), NEW."PersonType", NEW."PickupMethod", NEW."IsReuse", NEW."BadgeStatus", 1)
            ON CONFLICT ("EditionId", "DelegationId", "Status", "Tag", "PersonType", "PickupMethod", "IsReuse", "BadgeStatus") DO UPDATE SET "Count" = "Count" + 1;
        END;
        CREATE TRIGGER "TR_Persons_Counts_Delete" AFTER DELETE ON "Persons" BEGIN
            UPDATE "PersonCounts" SET "Count" = "Count" - 1
            WHERE "EditionId" = OLD."EditionId" AND "DelegationId" = OLD."DelegationId" AND "Status" = OLD."Status" AND "Tag" = COALESCE(OLD."Tag", '')
              AND "PersonType" = OLD."PersonType" AND "PickupMethod" = OLD."PickupMethod" AND "IsReuse" = OLD."IsReuse" AND "BadgeStatus" = OLD."BadgeStatus";
        END;
        CREATE TRIGGER "TR_Persons_Counts_Update" AFTER UPDATE OF "EditionId", "DelegationId", "Status", "Tag", "PersonType", "PickupMethod", "IsReuse", "BadgeStatus" ON "Persons" BEGIN
            UPDATE "PersonCounts" SET "Count" = "Count" - 1
            WHERE "EditionId" = OLD."EditionId" AND "DelegationId" = OLD."DelegationId" AND "Status" = OLD."Status" AND "Tag" = COALESCE(OLD."Tag", '')
              AND "PersonType" = OLD."PersonType" AND "PickupMethod" = OLD."PickupMethod" AND "IsReuse" = OLD."IsReuse" AND "BadgeStatus" = OLD."BadgeStatus";
            INSERT INTO "PersonCounts" ("EditionId", "DelegationId", "Status", "Tag", "PersonType", "PickupMethod", "IsReuse", "BadgeStatus", "Count")
            VALUES (NEW."EditionId", NEW."DelegationId", NEW."Status", COALESCE(NEW."Tag", ''), NEW."PersonType", NEW."PickupMethod", NEW."IsReuse", NEW."BadgeStatus", 1)
            ON CONFLICT ("EditionId", "DelegationId", "Status", "Tag", "PersonType", "PickupMethod", "IsReuse", "BadgeStatus") DO UPDATE SET "Count" = "Count" + 1;
        END;
        """;

    /// <summary>SQLite triggers copying a badge's status onto its person (Persons.BadgeStatus), so the grid filters and counts it like the person's own columns.</summary>
    public const string SqliteBadgeTriggers =
        """
        CREATE TRIGGER "TR_Badges_Person_Insert" AFTER INSERT ON "Badges" BEGIN
            UPDATE "Persons" SET "BadgeStatus" = NEW."Status" WHERE "Id" = NEW."PersonId";
        END;
        CREATE TRIGGER "TR_Badges_Person_Update" AFTER UPDATE OF "Status", "PersonId" ON "Badges" BEGIN
            UPDATE "Persons" SET "BadgeStatus" = 'None' WHERE "Id" = OLD."PersonId" AND OLD."PersonId" <> NEW."PersonId";
            UPDATE "Persons" SET "BadgeStatus" = NEW."Status" WHERE "Id" = NEW."PersonId";
        END;
        CREATE TRIGGER "TR_Badges_Person_Delete" AFTER DELETE ON "Badges" BEGIN
            UPDATE "Persons" SET "BadgeStatus" = 'None' WHERE "Id" = OLD."PersonId";
        END;
        """;

    public const string SqliteDropTriggers =
        """
        DROP TRIGGER IF EXISTS "TR_Badges_Person_Insert";
        DROP TRIGGER IF EXISTS "TR_Badges_Person_Update";
        DROP TRIGGER IF EXISTS "TR_Badges_Person_Delete";
        DROP TRIGGER IF EXISTS "TR_Persons_Counts_Insert";
        DROP TRIGGER IF EXISTS "TR_Persons_Counts_Delete";
        DROP TRIGGER IF EXISTS "TR_Persons_Counts_Update";
        """;

    /// <summary>SQL Server: the badge's status copied onto its person, set-based over inserted/deleted.</summary>
    public const string SqlServerBadgeTrigger =
        """
        CREATE TRIGGER [TR_Badges_Person] ON [Badges] AFTER INSERT, UPDATE, DELETE AS
        BEGIN
            SET NOCOUNT ON;
            UPDATE [p] SET [BadgeStatus] = N'None' FROM [Persons] AS [p]
                JOIN deleted AS [d] ON [d].[PersonId] = [p].[Id]
                WHERE NOT EXISTS (SELECT 1 FROM inserted AS [i] WHERE [i].[PersonId] = [d].[PersonId]);
            UPDATE [p] SET [BadgeStatus] = [i].[Status] FROM [Persons] AS [p]
                JOIN inserted AS [i] ON [i].[PersonId] = [p].[Id];
        END
        """;

    /// <summary>The same on SQL Server: one set-based trigger over inserted/deleted, merged under HOLDLOCK so concurrent saves never lose a count.</summary>
    public const string SqlServerTrigger =
        """
        CREATE TRIGGER [TR_Persons_Counts] ON [Persons] AFTER INSERT, UPDATE, DELETE AS
        BEGIN
            SET NOCOUNT ON;
            WITH [d] AS (
                SELECT [EditionId], [DelegationId], [Status], [Tag], [PersonType], [PickupMethod], [IsReuse], [BadgeStatus], SUM([n]) AS [n]
                FROM (
                    SELECT [EditionId], [DelegationId], [Status], ISNULL([Tag], N'') AS [Tag], [PersonType], [PickupMethod], [IsReuse], [BadgeStatus], 1 AS [n] FROM inserted
                    UNION ALL
                    SELECT [EditionId], [DelegationId], [Status], ISNULL([Tag], N'') AS [Tag], [PersonType], [PickupMethod], [IsReuse], [BadgeStatus], -1 AS [n] FROM deleted
                ) AS [x]
                GROUP BY [EditionId], [DelegationId], [Status], [Tag], [PersonType], [PickupMethod], [IsReuse], [BadgeStatus]
                HAVING SUM([n]) <> 0)
            MERGE [PersonCounts] WITH (HOLDLOCK) AS [t]
            USING [d] ON [t].[EditionId] = [d].[EditionId] AND [t].[DelegationId] = [d].[DelegationId] AND [t].[Status] = [d].[Status] AND [t].[Tag] = [d].[Tag]
                AND [t].[PersonType] = [d].[PersonType] AND [t].[PickupMethod] = [d].[PickupMethod] AND [t].[IsReuse] = [d].[IsReuse] AND [t].[BadgeStatus] = [d].[BadgeStatus]
            WHEN MATCHED THEN UPDATE SET [Count] = [t].[Count] + [d].[n]
            WHEN NOT MATCHED THEN INSERT ([EditionId], [DelegationId], [Status], [Tag], [PersonType], [PickupMethod], [IsReuse], [BadgeStatus], [Count])
                VALUES ([d].[EditionId], [d].[DelegationId], [d].[Status], [d].[Tag], [d].[PersonType], [d].[PickupMethod], [d].[IsReuse], [d].[BadgeStatus], [d].[n]);
        END
        """;

    /// <summary>PostgreSQL: the same counters and badge copy as row triggers over plpgsql functions (applied by its migration).</summary>
    public const string PostgreSqlTriggers =
        """
        CREATE FUNCTION "FN_Persons_Counts"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                UPDATE "PersonCounts" SET "Count" = "Count" - 1
                WHERE "EditionId" = OLD."EditionId" AND "DelegationId" = OLD."DelegationId" AND "Status" = OLD."Status" AND "Tag" = COALESCE(OLD."Tag", '')
                  AND "PersonType" = OLD."PersonType" AND "PickupMethod" = OLD."PickupMethod" AND "IsReuse" = OLD."IsReuse" AND "BadgeStatus" = OLD."BadgeStatus";
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO "PersonCounts" ("EditionId", "DelegationId", "Status", "Tag", "PersonType", "PickupMethod", "IsReuse", "BadgeStatus", "Count")
                VALUES (NEW."EditionId", NEW."DelegationId", NEW."Status", COALESCE(NEW."Tag", ''), NEW."PersonType", NEW."PickupMethod", NEW."IsReuse", NEW."BadgeStatus", 1)
                ON CONFLICT ("EditionId", "DelegationId", "Status", "Tag", "PersonType", "PickupMethod", "IsReuse", "BadgeStatus")
                DO UPDATE SET "Count" = "PersonCounts"."Count" + 1;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER "TR_Persons_Counts" AFTER INSERT OR DELETE OR UPDATE OF "EditionId", "DelegationId", "Status", "Tag", "PersonType", "PickupMethod", "IsReuse", "BadgeStatus"
            ON "Persons" FOR EACH ROW EXECUTE FUNCTION "FN_Persons_Counts"();

        CREATE FUNCTION "FN_Badges_Person"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD."PersonId" <> NEW."PersonId") THEN
                UPDATE "Persons" SET "BadgeStatus" = 'None' WHERE "Id" = OLD."PersonId";
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                UPDATE "Persons" SET "BadgeStatus" = NEW."Status" WHERE "Id" = NEW."PersonId";
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER "TR_Badges_Person" AFTER INSERT OR DELETE OR UPDATE OF "Status", "PersonId"
            ON "Badges" FOR EACH ROW EXECUTE FUNCTION "FN_Badges_Person"();
        """;

    public const string PostgreSqlDropTriggers =
        """
        DROP TRIGGER IF EXISTS "TR_Badges_Person" ON "Badges";
        DROP FUNCTION IF EXISTS "FN_Badges_Person"();
        DROP TRIGGER IF EXISTS "TR_Persons_Counts" ON "Persons";
        DROP FUNCTION IF EXISTS "FN_Persons_Counts"();
        """;
}
