using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.App.Features.Addresses;
using CiieBlazor.App.Features.Editions;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.App.Features.Payments;
using CiieBlazor.App.Features.Progress;
using CiieBlazor.App.Features.Review;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Localization;
using CiieBlazor.App.Realtime;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace CiieBlazor.App.Hosting;

public static class ServiceRegistration
{
    /// <summary>Kestrel's limit on one HTTP request body (the framework's default is 30 MB).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddCiieBlazor(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents(o =>
            {
                // A dropped phone or laptop gets its circuit back for 3 minutes; after that, or beyond 100 kept circuits,
                // the memory is given back (a visitor's form is autosaved, so nothing is lost).
                o.DisconnectedCircuitMaxRetained = 100;
                o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
                // A browser that does not answer a JS call within 60 s is treated as gone, not waited on forever.
                o.JSInteropDefaultCallTimeout = TimeSpan.FromMinutes(1);
                // Renders a slow client has not acknowledged: beyond 10 the server stops rendering for it rather than queue more.
                o.MaxBufferedUnacknowledgedRenderBatches = 10;
            })
            .AddHubOptions(o =>
            {
                // One hub message at most 32 KB (the framework's default, kept on purpose; Scale/MalformedHubMessages proves
                // a larger one closes the connection). Uploads arrive in chunks below it.
                o.MaximumReceiveMessageSize = 32 * 1024;
                // A client silent for 30 s is disconnected; a handshake must finish within 15 s.
                o.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
                o.HandshakeTimeout = TimeSpan.FromSeconds(15);
            });
        // Any of these can be changed per deployment under Security:Circuits (e.g. Security:Circuits:DisconnectedCircuitMaxRetained).
        services.AddOptions<Microsoft.AspNetCore.Components.Server.CircuitOptions>().BindConfiguration("Security:Circuits");
        services.AddCiieRateLimiting();
        // Plain HTTP bodies (sign-in form, payment notifications, gate scans) are small; uploads go through the circuit in
        // 32 KB hub messages, not an HTTP body. Anything larger is answered 413 before it is read.
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>().Configure<IConfiguration>((o, config) =>
            o.Limits.MaxRequestBodySize = config.GetValue("Security:MaxRequestBodyBytes", MaxRequestBodyBytes));
        services.AddSingleton<CircuitCounter>();
        services.AddSingleton<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitCounter>());
        // Each circuit's id in the log scope of its inbound activity (Hosting/CorrelationIds.cs).
        services.AddScoped<CircuitCorrelation>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitCorrelation>());
        services.AddMudServices();
        // Console logs as one JSON object a line (appsettings.json Logging:Console); Chinese text stays readable, not \uXXXX.
        services.Configure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(o =>
            o.JsonWriterOptions = o.JsonWriterOptions with { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        services.AddSingleton(TimeProvider.System);

        // Localization: zh-CN first, English beside it.
        services.AddSingleton<IStringLocalizerFactory, JsonStringLocalizerFactory>();
        services.AddTransient(typeof(IStringLocalizer<>), typeof(StringLocalizer<>));

        // Personal data at rest: the configured keys, checked at start (a missing key stops the app with what to set).
        services.AddOptions<PersonalDataOptions>().BindConfiguration(PersonalDataOptions.Section);
        services.AddSingleton(sp => PersonalDataCipher.Create(sp.GetRequiredService<IOptions<PersonalDataOptions>>().Value));
        // Values from before encryption or under an older key are brought under the current one in the background.
        services.AddSingleton<PersonalDataRewrap>();
        services.AddHostedService(sp => sp.GetRequiredService<PersonalDataRewrap>());

        // Persistence: one context per operation, provider chosen by configuration (read after the host is built).
        services.AddOptions<DatabaseOptions>().BindConfiguration("Database");
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var env = sp.GetRequiredService<IWebHostEnvironment>();
            var connection = options.Provider == DatabaseProvider.Sqlite
                ? options.ResolveSqliteConnectionString(env.ContentRootPath)
                : string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? throw new StartupException("Database:ConnectionString 为空 (empty connection string)")
                    : options.ConnectionString;
            return new AppDbContextFactory(options.Provider, connection, sp.GetRequiredService<PersonalDataCipher>(), sp.GetService<ILoggerFactory>());
        });
        services.AddSingleton<IDbContextFactory<AppDbContext>>(sp => sp.GetRequiredService<AppDbContextFactory>());
        // SQLite: the write-ahead log is copied back into the database file off the writers' path (does nothing on a server).
        services.AddSingleton<SqliteCheckpointer>();
        services.AddHostedService(sp => sp.GetRequiredService<SqliteCheckpointer>());
        services.AddScoped(sp => sp.GetRequiredService<AppDbContextFactory>().CreateDbContext());
        services.AddSingleton<CiieBlazor.App.Features.Orders.BadgeOrderService>();
        services.AddSingleton<CiieBlazor.App.Features.Orders.TransferService>();
        services.AddSingleton<CiieBlazor.App.Features.Orders.OrderListService>();
        services.AddSingleton<CiieBlazor.App.Features.Refunds.RefundService>();
        services.AddSingleton<CiieBlazor.App.Features.Operations.PersonReviewService>();
        services.AddSingleton<CiieBlazor.App.Features.Badges.BadgeTokenKey>();
        services.AddSingleton<CiieBlazor.App.Features.Badges.BadgeService>();
        services.AddSingleton<CiieBlazor.App.Features.Gate.GateService>();
        services.AddSingleton<CiieBlazor.App.Features.Gate.GateScanLog>();
        services.AddSingleton<CiieBlazor.App.Features.Dashboards.DashboardService>();
        services.AddSingleton<CiieBlazor.App.Features.Admin.AdminService>();
        services.AddSingleton<CiieBlazor.App.Features.Admin.AccountAdminService>();
        services.AddHostedService(sp => sp.GetRequiredService<CiieBlazor.App.Features.Gate.GateScanLog>());
        services.AddSingleton<CiieBlazor.App.Features.Invoices.InvoiceService>();
        services.AddOptions<CiieBlazor.App.Features.Invoices.InvoiceOptions>().BindConfiguration(CiieBlazor.App.Features.Invoices.InvoiceOptions.Section);
        services.AddSingleton<CiieBlazor.App.Features.Invoices.InvoiceDocuments>();
        services.AddOptions<CiieBlazor.App.Features.Orders.ReceivingAccount>().BindConfiguration("Finance:ReceivingAccount");
        services.AddPayments();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<FileStore>();
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<RedisHealthCheck>("redis").AddCheck<OutboxHealthCheck>("outbox");
        // Sign-in cookies, antiforgery tokens and sign-in tickets survive a restart and hold on every instance: the key ring
        // lives in the database all instances share.
        services.AddDataProtection().SetApplicationName("CiieBlazor").PersistKeysToDbContext<AppDbContext>();

        // Sign-in: ASP.NET Core Identity on the same database.
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        }).AddIdentityCookies(c => c.ApplicationCookie?.Configure(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        }));
        services.AddAuthorization();
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false; // the page's rule: at least 8 characters with letters and digits
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@/";
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<CiieClaimsFactory>()
            .AddDefaultTokenProviders();

        // Live updates and application services.
        services.AddSingleton<ChangeNotifier>();
        // Several instances: a Redis backplane carries the notifications between them (Realtime:Redis; none by default).
        services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.Section);
        services.AddSingleton<LiveUpdates>();
        services.AddSingleton<RedisBackplane>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisBackplane>());
        services.AddSingleton<AccessGuard>();
        services.AddScoped<CurrentActor>();
        services.AddSingleton<EditionService>();
        services.AddSingleton<ProgressService>();
        services.AddSingleton<RegistrationQueries>();
        services.AddSingleton<RegistrationReviewService>();
        services.AddSingleton<TaggingService>();
        services.AddSingleton<ReviewerPersonQueries>();
        services.AddSingleton<GroupEmailService>();
        services.AddSingleton<OrganisationInfoService>();
        // Autosave: drafts of every open form go through one batching writer (Features/Organisations/DraftWriter.cs).
        services.AddSingleton<DraftWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<DraftWriter>());
        services.AddCourierAddresses();
        services.AddSingleton<Features.Persons.PersonService>();
        services.AddSingleton<Features.Persons.PreviousPersonService>();

        // Accounts: registration, previous-edition verification, one-time sign-in tickets.
        services.AddSingleton<DelegationDirectory>();
        services.AddSingleton<NewRegistrationService>();
        services.AddSingleton<VerificationCodeService>();
        services.AddSingleton<PreviousEditionService>();
        services.AddSingleton<SignInTickets>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<Features.SideEvents.SideEventService>();

        // Notifications: outbox written with the event, sent by the dispatcher through the senders.
        services.AddSingleton<RecordingSender>();
        services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<RecordingSender>());
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<RecordingSender>());
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<OutboxQueries>();
        services.AddSingleton<Features.Reports.ReferralReport>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());

        // Privacy: consents recorded against the policy version; an edition's personal data erased after its retention period.
        services.AddOptions<Features.Privacy.PrivacyOptions>().BindConfiguration(Features.Privacy.PrivacyOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Features.Privacy.ConsentLog>();
        services.AddSingleton<Features.Privacy.PersonalDataRetentionService>();
        services.AddSingleton<Features.Privacy.PersonalDataRetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Privacy.PersonalDataRetentionJob>());
        return services;
    }
}
