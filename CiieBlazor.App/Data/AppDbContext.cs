using CiieBlazor.Domain.Addresses;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Delegations;
using CiieBlazor.Domain.Editions;
using CiieBlazor.Domain.Invoices;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Privacy;
using CiieBlazor.Domain.Refunds;
using CiieBlazor.Domain.SideEvents;
using CiieBlazor.Domain.Search;
using CiieBlazor.App.Features.Security;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CiieBlazor.App.Data;

/// <summary>
/// The one model for every provider. Each provider has a derived context with its own migrations
/// (<see cref="SqliteAppDbContext"/>, <see cref="SqlServerAppDbContext"/>). Never held by a circuit:
/// services open one per operation through <see cref="IDbContextFactory{TContext}"/>.
/// </summary>
public abstract class AppDbContext : IdentityDbContext<AppUser>, Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    protected AppDbContext(DbContextOptions options, PersonalDataCipher cipher) : base(options)
    {
        Cipher = cipher;
    }

    /// <summary>Encrypts identity document numbers and phone numbers on their way to the database (see <see cref="Protected"/>).</summary>
    public PersonalDataCipher Cipher { get; }

    public DbSet<Edition> Editions => Set<Edition>();
    public DbSet<Delegation> Delegations => Set<Delegation>();
    public DbSet<DelegationQuota> DelegationQuotas => Set<DelegationQuota>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<OrganisationRegistration> Registrations => Set<OrganisationRegistration>();
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<Badge> Badges => Set<Badge>();
    public DbSet<BadgeShipment> BadgeShipments => Set<BadgeShipment>();
    public DbSet<GateScan> GateScans => Set<GateScan>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<PaymentAttempt> PaymentAttempts => Set<PaymentAttempt>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<Refund> Refunds => Set<Refund>();
    public DbSet<CourierAddress> CourierAddresses => Set<CourierAddress>();
    public DbSet<SideEvent> SideEvents => Set<SideEvent>();
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();
    public DbSet<SignInRecord> SignInRecords => Set<SignInRecord>();
    public DbSet<SequenceCounter> Sequences => Set<SequenceCounter>();
    public DbSet<StoredFile> Files => Set<StoredFile>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<DeliveredMessage> DeliveredMessages => Set<DeliveredMessage>();
    public DbSet<VerificationCodeRecord> VerificationCodes => Set<VerificationCodeRecord>();
    public DbSet<FormDraft> FormDrafts => Set<FormDraft>();
    public DbSet<PersonNameGram> PersonNameGrams => Set<PersonNameGram>();
    public DbSet<PersonCount> PersonCounts => Set<PersonCount>();
    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();
    /// <summary>The Data Protection key ring (sign-in cookies, antiforgery), shared by every instance.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    /// <summary>Shadow column on Persons: the folded name (<see cref="NameGrams.Fold"/>) the fuzzy search compares with.</summary>
    public const string SearchName = "SearchName";

    /// <summary>Shadow column on Persons: the blind index of the document number (<see cref="PersonalDataCipher.Index"/>), for exact search.</summary>
    public const string DocumentIndex = "DocumentIndex";

    /// <summary>Shadow column on Outbox: the blind index of the recipient (<see cref="RecipientIndexOf"/>).</summary>
    public const string RecipientIndex = "RecipientIndex";

    /// <summary>The blind index an outbox recipient (phone number, or email address in any case) is found by.</summary>
    public string RecipientIndexOf(string recipient) => Cipher.Index(recipient.Trim().ToLowerInvariant());

    /// <summary>The blind index a document number is found by.</summary>
    public string DocumentIndexOf(string documentNumber) => Cipher.Index(PersonData.NormaliseDocument(documentNumber));

    /// <summary>Shadow column on Persons: the status of the person's badge, written only by the database's Badges triggers.</summary>
    public const string PersonBadgeStatus = "BadgeStatus";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Money>().HaveConversion<MoneyConverter>().HavePrecision(18, 2);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Ignore<AuditEntry>(); // pending audit entries are written as AuditRecord rows on save

        b.Entity<AppUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(200);
            Protected(e.Property(u => u.PhoneNumber));
            e.HasIndex(u => u.OrganisationId);
        });

        b.Entity<Edition>(e =>
        {
            e.HasIndex(x => x.Number).IsUnique();
            e.Ignore(x => x.NameZh);
            e.Ignore(x => x.NameEn);
            e.Ignore(x => x.ReuseFee);
            e.Property(x => x.ReuseFeePercent).HasPrecision(5, 2);
        });

        b.Entity<Delegation>(e =>
        {
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(50);
            e.Property(x => x.NameZh).HasMaxLength(100);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.HasIndex(x => x.ParentId);
        });

        b.Entity<DelegationQuota>(e => e.HasIndex(x => new { x.DelegationId, x.EditionId }).IsUnique());

        b.Entity<Organisation>(e =>
        {
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(Organisation.MaxRegistrationNumberLength);
            e.Property(x => x.Name).HasMaxLength(Organisation.MaxNameLength);
        });

        b.Entity<OrganisationRegistration>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.EditionId }).IsUnique();
            e.HasIndex(x => new { x.EditionId, x.DelegationId, x.Status });
            e.Property(x => x.ReferralCode).HasMaxLength(50);
            Protected(e.Property(x => x.ContactMobile));
            Protected(e.Property(x => x.ContactPhone));
            e.Property(x => x.ReturnReason).HasMaxLength(500);
            e.Ignore(x => x.IsEditable);
            e.Ignore(x => x.RequiredFieldsComplete);
            e.Property(x => x.Intent).HasConversion(new JsonValueConverter<PurchasingIntent>(), new JsonValueComparer<PurchasingIntent>());
        });

        b.Entity<Person>(e =>
        {
            // The database keeps PersonCounts right (PersonCounters.SqliteTriggers / SqlServerTrigger).
            e.ToTable(t => t.HasTrigger("TR_Persons_Counts"));
            e.Property<string>(SearchName).HasMaxLength(PersonData.MaxNameLength).IsRequired().HasDefaultValue("");
            e.Property<BadgeStatus>(PersonBadgeStatus).HasDefaultValue(BadgeStatus.None).HasSentinel(BadgeStatus.None);
            e.HasIndex("EditionId", SearchName);
            // The reviewer grid walks these in key order (newest first), per delegation or across the edition, with or without a status.
            // Key-order indexes carry every column the grid filters on, so the database walks them newest first and checks
            // the filters without touching a row (otherwise SQLite prefers a status index and sorts the whole edition).
            string[] gridColumns = [nameof(Person.Status), nameof(Person.Tag), nameof(Person.PersonType), nameof(Person.PickupMethod), nameof(Person.IsReuse),
                nameof(Person.EntryFrom), nameof(Person.EntryTo), PersonBadgeStatus, SearchName];
            e.HasIndex([nameof(Person.EditionId), nameof(Person.DelegationId), nameof(Person.Id), .. gridColumns], "IX_Persons_Grid_Delegation");
            e.HasIndex([nameof(Person.EditionId), nameof(Person.Id), .. gridColumns], "IX_Persons_Grid_Edition");
            e.HasIndex(x => new { x.EditionId, x.DelegationId, x.Status, x.Id });
            e.HasIndex(x => new { x.EditionId, x.Status, x.Id });
            e.HasIndex(x => new { x.OrganisationId, x.EditionId });
            // Exact search by document number goes through its blind index; the number itself is encrypted.
            e.Property<string>(DocumentIndex).HasMaxLength(24).IsRequired().HasDefaultValue("");
            e.HasIndex(nameof(Person.EditionId), DocumentIndex);
            // The retention job asks, batch by batch, whether another edition's person still uses a photo (证件复用 shares it).
            e.HasIndex(x => x.PhotoFileId);
            e.Property(x => x.Name).HasMaxLength(PersonData.MaxNameLength);
            Protected(e.Property(x => x.DocumentNumber));
            Protected(e.Property(x => x.Mobile));
            e.Property(x => x.Position).HasMaxLength(PersonData.MaxPositionLength);
            e.Property(x => x.Email).HasMaxLength(PersonData.MaxEmailLength);
            e.Property(x => x.StatusReason).HasMaxLength(500);
            e.Ignore(x => x.Data);
            e.Ignore(x => x.MaskedDocumentNumber);
            e.Ignore(x => x.IsSubmitted);
            e.Ignore(x => x.HoldsQuotaPlace);
        });

        b.Entity<Badge>(e =>
        {
            e.HasIndex(x => x.PersonId).IsUnique();
            e.HasIndex(x => new { x.EditionId, x.BadgeNumber });
            e.HasIndex(x => new { x.EditionId, x.Status });
            e.HasIndex(x => x.ShipmentId);
            e.Property(x => x.BadgeNumber).HasMaxLength(40);
            e.Property(x => x.CourierCompany).HasMaxLength(BadgeShipment.MaxTextLength);
            e.Property(x => x.TrackingNumber).HasMaxLength(40);
            e.Property(x => x.RevokedReason).HasMaxLength(500);
            // The database copies the status onto the person (PersonCounters.SqliteBadgeTriggers / SqlServerBadgeTrigger).
            e.ToTable(t => t.HasTrigger("TR_Badges_Person"));
        });

        b.Entity<Order>(e =>
        {
            e.HasIndex(x => x.Number).IsUnique();
            e.Property(x => x.Number).HasMaxLength(OrderNumber.Length);
            e.HasIndex(x => new { x.OrganisationId, x.EditionId });
            e.Ignore(x => x.IsOpen);
            e.Ignore(x => x.AwaitsPayment);
            e.Ignore(x => x.IsPaid);
            e.Ignore(x => x.InvoiceableAmount);
            e.Ignore(x => x.AppliedReceipt);
            e.OwnsMany(x => x.Lines, l =>
            {
                l.WithOwner().HasForeignKey("OrderId");
                l.HasKey(x => x.Id);
                // The domain gives lines and receipts their ids: a new one added to a stored order is an insert, not an update.
                l.Property(x => x.Id).ValueGeneratedNever();
                l.HasIndex(x => x.PersonId);
                l.ToTable("OrderLines");
            });
            e.OwnsMany(x => x.Receipts, r =>
            {
                r.WithOwner().HasForeignKey("OrderId");
                r.HasKey(x => x.Id);
                r.Property(x => x.Id).ValueGeneratedNever();
                r.HasIndex(x => x.TransactionId).IsUnique();
                r.HasIndex(x => x.ReceivedAt); // payments per day on the dashboard
                r.ToTable("PaymentReceipts");
            });
            e.OwnsOne(x => x.Transfer, t => Protected(t.Property(x => x.Phone)));
        });

        b.Entity<PaymentAttempt>(e => e.HasIndex(x => x.OrderId));
        b.Entity<Invoice>(e =>
        {
            // One live invoice per order: the row is reused after a return; its documents keep the history.
            e.HasIndex(x => x.OrderId).IsUnique();
            e.HasIndex(x => x.Status);
            e.Ignore(x => x.Current);
            e.OwnsOne(x => x.Buyer, ProtectedBuyer);
            e.OwnsMany(x => x.Documents, d =>
            {
                d.WithOwner().HasForeignKey("InvoiceId");
                d.HasKey(x => x.Id);
                d.Property(x => x.Id).ValueGeneratedNever();
                d.Property(x => x.Number).HasMaxLength(30);
                d.HasIndex(x => x.Number).IsUnique();
                d.OwnsOne(x => x.Buyer, ProtectedBuyer);
                d.ToTable("InvoiceDocuments");
            });
        });
        b.Entity<Refund>(e =>
        {
            e.HasIndex(x => x.OrderId);
            // One refund per person (SQL Server filters out the nulls of unapplied-payment refunds by itself).
            e.HasIndex(x => x.PersonId).IsUnique();
            e.HasIndex(x => x.Status);
            e.HasIndex(x => x.RefundedAt); // refunds per day on the dashboard
            e.Ignore(x => x.IsUnappliedPayment);
            e.OwnsOne(x => x.Payee, a => Protected(a.Property(x => x.Account)));
        });
        b.Entity<CourierAddress>(e =>
        {
            e.HasIndex(x => x.OrganisationId);
            e.Ignore(x => x.OneLine);
            Protected(e.Property(x => x.Mobile));
        });
        b.Entity<BadgeShipment>(e =>
        {
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => new { x.EditionId, x.CreatedAt });
            e.Property(x => x.Number).HasMaxLength(40);
            e.Property(x => x.CourierCompany).HasMaxLength(BadgeShipment.MaxTextLength);
            e.Property(x => x.TrackingNumber).HasMaxLength(40);
            e.Property(x => x.Recipient).HasMaxLength(100);
            Protected(e.Property(x => x.RecipientPhone));
            e.Property(x => x.Address).HasMaxLength(500);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
        });
        b.Entity<GateScan>(e =>
        {
            e.HasIndex(x => new { x.EditionId, x.BadgeNumber, x.At });
            e.HasIndex(x => x.At);
            e.Property(x => x.Gate).HasMaxLength(40);
            e.Property(x => x.BadgeNumber).HasMaxLength(40);
            e.Property(x => x.Scanned).HasMaxLength(64);
        });
        b.Entity<SideEvent>(e =>
        {
            e.HasIndex(x => new { x.EditionId, x.Status, x.Date });
            e.Property(x => x.Name).HasMaxLength(SideEvent.MaxNameLength);
            e.Property(x => x.Location).HasMaxLength(SideEvent.MaxLocationLength);
            e.Property(x => x.Host).HasMaxLength(SideEvent.MaxHostLength);
            e.Property(x => x.ContactPerson).HasMaxLength(SideEvent.MaxContactPersonLength);
            e.Property(x => x.ContactDetails).HasMaxLength(SideEvent.MaxContactDetailsLength);
            e.Property(x => x.Description).HasMaxLength(SideEvent.MaxDescriptionLength);
            e.Ignore(x => x.VisibleToVisitors);
            e.Ignore(x => x.CanPublish);
            e.Ignore(x => x.CanUnpublish);
        });
        b.Entity<SignInRecord>(e =>
        {
            // 登录记录: one user's attempts, newest first.
            e.HasIndex(x => new { x.UserId, x.At });
            e.Property(x => x.UserName).HasMaxLength(SignInRecord.MaxUserNameLength);
            e.Property(x => x.ClientAddress).HasMaxLength(SignInRecord.MaxClientAddressLength);
            e.Property(x => x.UserAgent).HasMaxLength(SignInRecord.MaxUserAgentLength);
        });

        b.Entity<AuditRecord>(e =>
        {
            e.HasIndex(x => new { x.EntityId, x.At });
            e.HasIndex(x => new { x.Machine, x.Id }); // the audit viewer: newest first, by machine
            e.Property(x => x.Machine).HasMaxLength(50);
            e.Property(x => x.From).HasMaxLength(50);
            e.Property(x => x.To).HasMaxLength(50);
            e.Property(x => x.Trigger).HasMaxLength(50);
            e.Property(x => x.Reason).HasMaxLength(1000);
        });
        b.Entity<SequenceCounter>(e =>
        {
            e.HasKey(x => x.Name);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<StoredFile>(e =>
        {
            e.HasIndex(x => x.OrganisationId);
            e.HasIndex(x => x.RegistrationId);
            e.Property(x => x.OriginalName).HasMaxLength(260);
        });
        b.Entity<OutboxMessage>(e =>
        {
            e.HasIndex(x => new { x.SentAt, x.NextAttemptAt });
            // A phone number or email address: encrypted, found by exact match through its blind index.
            Protected(e.Property(x => x.Recipient), maxLength: 400); // a 200-character address, encrypted
            // Not indexed: the outbox takes two rows per payment on the hottest write path, and a random-keyed index there
            // cost ~12 % of the notification throughput (docs/PERFORMANCE.md); the operator's search by recipient scans.
            e.Property<string>(RecipientIndex).HasMaxLength(24).IsRequired().HasDefaultValue("");
            e.Property(x => x.Subject).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(50);
        });
        b.Entity<DeliveredMessage>(e =>
        {
            e.HasIndex(x => x.DeliveredAt);
            // One delivery per outbox message, as a gateway keeps one per client message id.
            e.HasIndex(x => x.OutboxMessageId).IsUnique();
            e.Property(x => x.Recipient).HasMaxLength(200);
            e.Property(x => x.Subject).HasMaxLength(200);
        });
        b.Entity<VerificationCodeRecord>(e =>
        {
            e.HasIndex(x => new { x.Target, x.CreatedAt });
            e.HasIndex(x => new { x.ClientAddress, x.CreatedAt });
            e.Property(x => x.Target).HasMaxLength(200);
            e.Property(x => x.ClientAddress).HasMaxLength(64);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<PersonNameGram>(e =>
        {
            e.HasKey(x => new { x.EditionId, x.Gram, x.PersonId });
            e.Property(x => x.Gram).HasMaxLength(8);
            e.HasIndex(x => x.PersonId);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PersonCount>(e =>
        {
            e.HasKey(x => new { x.EditionId, x.DelegationId, x.Status, x.Tag, x.PersonType, x.PickupMethod, x.IsReuse, x.BadgeStatus });
            e.Property(x => x.Tag).HasMaxLength(40);
        });
        b.Entity<ConsentRecord>(e =>
        {
            // 同意记录: an organisation's consents, newest first (the admin's account list).
            e.HasIndex(x => new { x.OrganisationId, x.At });
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.UserId).HasMaxLength(ConsentRecord.MaxUserIdLength);
            e.Property(x => x.PolicyVersion).HasMaxLength(ConsentRecord.MaxPolicyVersionLength);
            e.Property(x => x.ClientAddress).HasMaxLength(ConsentRecord.MaxClientAddressLength);
        });
        b.Entity<FormDraft>(e =>
        {
            e.HasKey(x => new { x.RegistrationId, x.Form });
            e.Property(x => x.Form).HasMaxLength(50);
            e.Property(x => x.Version).IsConcurrencyToken();
            // What was typed (contact mobile among it), kept encrypted like the saved form.
            Protected(e.Property(x => x.Json), maxLength: null);
        });

        foreach (var entity in b.Model.GetEntityTypes())
        {
            // App-managed concurrency token on every aggregate (SQLite has no row version).
            if (typeof(AggregateRoot).IsAssignableFrom(entity.ClrType) && entity.FindOwnership() is null)
            {
                entity.FindProperty(nameof(AggregateRoot.Version))!.IsConcurrencyToken = true;
            }
            // Statuses and other enums are stored by name: readable in SQL, stable when members are added.
            foreach (var property in entity.GetProperties())
            {
                var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                if (type.IsEnum)
                {
                    property.SetProviderClrType(typeof(string));
                    property.SetMaxLength(40);
                }
            }
        }
    }

    /// <summary>Renews concurrency tokens and writes the aggregates' audit entries in the same save.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PrepareSave();
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>EF's save of changes <see cref="PrepareSave"/> has already prepared.</summary>
    internal Task<int> SaveChangesPreparedAsync(CancellationToken ct) => base.SaveChangesAsync(true, ct);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PrepareSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>What every save does before writing (also for <see cref="PreparedSave"/>): new concurrency tokens, audit rows, the name index.</summary>
    internal void PrepareSave()
    {
        ChangeTracker.DetectChanges();
        // One scan of what is tracked is enough: what follows changes entries through EF (so they know at once).
        using (WithoutRescans())
        {
            foreach (var entry in ChangeTracker.Entries<Person>().ToList())
            {
                IndexName(entry);
                IndexDocument(entry);
            }
            foreach (var entry in ChangeTracker.Entries<OutboxMessage>().ToList())
            {
                if (entry.State == EntityState.Added || (entry.State == EntityState.Modified && entry.Property(x => x.Recipient).IsModified))
                {
                    entry.Property<string>(RecipientIndex).CurrentValue = RecipientIndexOf(entry.Entity.Recipient);
                }
            }
            foreach (var entry in ChangeTracker.Entries<AggregateRoot>().ToList())
            {
                if (entry.State == EntityState.Modified || (entry.State == EntityState.Unchanged && HasModifiedOwned(entry)))
                {
                    entry.Property(e => e.Version).CurrentValue = Guid.NewGuid();
                    if (entry.State == EntityState.Unchanged) entry.State = EntityState.Modified;
                }
                foreach (var audit in entry.Entity.TakeAudit())
                {
                    AuditRecords.Add(new AuditRecord
                    {
                        Machine = audit.Machine, EntityId = audit.EntityId, From = audit.From, To = audit.To, Trigger = audit.Trigger,
                        ActorId = audit.ActorId, ActorName = audit.ActorName, At = audit.At, Reason = audit.Reason,
                    });
                }
            }
        }
    }

    /// <summary>
    /// Until disposed, listing the tracked entries does not scan every tracked entity for changes again (EF does so on each
    /// listing by default): for work right after a <see cref="ChangeTracker.DetectChanges"/> that changes entries only
    /// through EF.
    /// </summary>
    internal IDisposable WithoutRescans()
    {
        var before = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        return new Restore(() => ChangeTracker.AutoDetectChangesEnabled = before);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>Keeps the person's folded name and its grams (the fuzzy name index) in step with the name, in the same save.</summary>
    private void IndexName(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Person> entry)
    {
        var name = entry.Property(x => x.Name);
        if (entry.State == EntityState.Added || (entry.State == EntityState.Modified && name.IsModified))
        {
            var person = entry.Entity;
            var before = entry.State == EntityState.Added ? [] : NameGrams.Of(name.OriginalValue);
            var after = NameGrams.Of(person.Name);
            entry.Property<string>(SearchName).CurrentValue = NameGrams.Fold(person.Name);
            var grams = Set<PersonNameGram>();
            foreach (var gram in before.Except(after))
            {
                var tracked = grams.Local.FirstOrDefault(g => g.PersonId == person.Id && g.EditionId == person.EditionId && g.Gram == gram);
                grams.Remove(tracked ?? new PersonNameGram { EditionId = person.EditionId, Gram = gram, PersonId = person.Id });
            }
            foreach (var gram in after.Except(before))
            {
                grams.Add(new PersonNameGram { EditionId = person.EditionId, Gram = gram, PersonId = person.Id });
            }
        }
    }

    /// <summary>Keeps the blind index of the document number in step with the number, in the same save.</summary>
    private void IndexDocument(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Person> entry)
    {
        if (entry.State == EntityState.Added || (entry.State == EntityState.Modified && entry.Property(x => x.DocumentNumber).IsModified))
        {
            entry.Property<string>(DocumentIndex).CurrentValue = DocumentIndexOf(entry.Entity.DocumentNumber);
        }
    }

    private static bool HasModifiedOwned(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        entry.References.Any(r => r.TargetEntry is { State: EntityState.Added or EntityState.Modified or EntityState.Deleted } t && t.Metadata.IsOwned())
        || entry.Collections.Any(c => c.Metadata.TargetEntityType.IsOwned() && c.CurrentValue is System.Collections.IEnumerable items
               && items.Cast<object>().Any(i => c.FindEntry(i) is { State: EntityState.Added or EntityState.Modified or EntityState.Deleted }));

    /// <summary>
    /// A column holding personal data: encrypted with <see cref="Cipher"/> on the way in, decrypted on the way out, so the
    /// entities and the services keep working with the plain value. Only ever compared in memory or through a blind index:
    /// the database sees ciphertext (a random nonce per value), so an equality or LIKE in SQL would never match.
    /// </summary>
    private void Protected<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<T> property, int? maxLength = 256)
    {
        property.HasConversion(new ProtectedConverter(Cipher));
        if (maxLength is { } max) property.HasMaxLength(max);
    }

    /// <summary>The converter of personal-data columns (<see cref="PersonalDataRewrap"/> finds them by it).</summary>
    internal sealed class ProtectedConverter(PersonalDataCipher cipher) : ValueConverter<string, string>(v => cipher.Protect(v), v => cipher.Unprotect(v));

    /// <summary>An invoice buyer's phone numbers (on the invoice and on each of its documents).</summary>
    private void ProtectedBuyer<TOwner>(Microsoft.EntityFrameworkCore.Metadata.Builders.OwnedNavigationBuilder<TOwner, InvoiceBuyer> buyer) where TOwner : class
    {
        Protected(buyer.Property(x => x.Mobile));
        Protected(buyer.Property(x => x.Phone));
    }

    private sealed class MoneyConverter() : ValueConverter<Money, decimal>(m => m.Amount, d => Money.Cny(d));

    /// <summary>A value object kept as one JSON text column (the same on every provider).</summary>
    private sealed class JsonValueConverter<T>() : ValueConverter<T, string>(
        v => System.Text.Json.JsonSerializer.Serialize(v, JsonOptions),
        s => System.Text.Json.JsonSerializer.Deserialize<T>(s, JsonOptions)!);

    private sealed class JsonValueComparer<T>() : Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<T>(
        (a, b) => System.Text.Json.JsonSerializer.Serialize(a, JsonOptions) == System.Text.Json.JsonSerializer.Serialize(b, JsonOptions),
        v => System.Text.Json.JsonSerializer.Serialize(v, JsonOptions).GetHashCode(),
        v => System.Text.Json.JsonSerializer.Deserialize<T>(System.Text.Json.JsonSerializer.Serialize(v, JsonOptions), JsonOptions)!);

    internal static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, PersonalDataCipher cipher) : AppDbContext(options, cipher)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot order or compare DateTimeOffset values: store them as sortable binary ticks.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options, PersonalDataCipher cipher) : AppDbContext(options, cipher);

/// <summary>PostgreSQL (Npgsql): instants as <c>timestamptz</c>, GUIDs as <c>uuid</c>.</summary>
public sealed class PostgreSqlAppDbContext(DbContextOptions<PostgreSqlAppDbContext> options, PersonalDataCipher cipher) : AppDbContext(options, cipher)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // timestamptz holds an instant and Npgsql writes only offset 0: a China-time value (+08:00) is stored as the same
        // instant in UTC, and read back in UTC like every other instant the app stores.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcInstantConverter>();
    }

    public sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}

/// <summary>
/// One model per context type and key material: the personal-data converters hold the cipher, so contexts with other
/// keys (another configuration in the same process) must not share a model built with the first one's.
/// </summary>
internal sealed class CipherModelCacheKeyFactory : Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => (context.GetType(), ((AppDbContext)context).Cipher.Fingerprint, designTime);
}
