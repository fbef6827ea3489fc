using CiieBlazor.App.Hosting;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Privacy;
using CiieBlazor.Domain.Privacy;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Accounts;

/// <summary>新用户注册: what the registration page collects.</summary>
public sealed class NewRegistrationInput
{
    public OrganisationRegion Region { get; set; } = OrganisationRegion.Mainland;
    public OrganisationCategory Category { get; set; } = OrganisationCategory.Enterprise;
    public Guid? DelegationId { get; set; }
    public Guid? SubDelegationId { get; set; }
    public string? OrganisationName { get; set; }
    public string? Code { get; set; }
    public string? ReferralCode { get; set; }
    public string? Password { get; set; }
    public string? ConfirmPassword { get; set; }
    public bool PrivacyAccepted { get; set; }
}

public sealed class NewRegistrationInputValidator : AbstractValidator<NewRegistrationInput>
{
    public NewRegistrationInputValidator()
    {
        RuleFor(x => x.PrivacyAccepted).Equal(true).WithMessage("请阅读并同意隐私条款 (accept the privacy terms)");
        RuleFor(x => x.Category).Must((x, c) => OrganisationCategories.IsAllowed(x.Region, c)).WithMessage("单位观众分类与所在地区不符 (category does not fit the region)");
        RuleFor(x => x.DelegationId).NotNull().WithMessage("请选择交易团 (choose a delegation)");
        RuleFor(x => x.OrganisationName).Custom((name, ctx) =>
        {
            if (Organisation.CheckName(name) is { } error) ctx.AddFailure(error);
        });
        RuleFor(x => x.Code).Custom((code, ctx) =>
        {
            if (Organisation.CheckCode(ctx.InstanceToValidate.Region, code) is { } error) ctx.AddFailure(error);
        });
        RuleFor(x => x.ReferralCode).MaximumLength(50).WithMessage("推荐码不能超过50个字符 (at most 50 characters)")
            .Matches("^[A-Za-z0-9-]*$").WithMessage("推荐码只能包含字母、数字和- (letters, digits and - only)");
        RuleFor(x => x.Password).NotEmpty().WithMessage("请设置登录密码 (set a password)").NewPassword();
        RuleFor(x => x.ConfirmPassword).Equal(x => x.Password).WithMessage(PasswordRules.Differ);
    }
}

/// <summary>The code already has an account: sign in, or recover the password by SMS / email code.</summary>
public sealed class AlreadyRegisteredException(string code)
    : Exception($"统一社会信用代码 {code} 已注册账号：请直接登录；如忘记密码，请通过“我是往届进博会观众”使用手机或邮箱验证码登录 (this code already has an account: sign in, or use an SMS / email code)");

public sealed record RegistrationCreated(string UserId, Guid OrganisationId, Guid RegistrationId);

/// <summary>
/// Creates organisation, registration for the current edition, sign-in account and the record of the privacy terms'
/// consent (with the policy version, time and client address) in one save.
/// </summary>
public sealed class NewRegistrationService(IServiceScopeFactory scopes, ClientLimits limits, ConsentLog consents, TimeProvider clock, ILogger<NewRegistrationService> logger)
{
    /// <param name="clientAddress">The circuit's remote address: valid registrations per address are limited
    /// (Security:RateLimits:Registration); null counts as one shared "unknown" address.</param>
    public async Task<RegistrationCreated> RegisterAsync(NewRegistrationInput input, string? clientAddress = null, CancellationToken ct = default)
    {
        var validation = await new NewRegistrationInputValidator().ValidateAsync(input, ct);
        if (!validation.IsValid) throw new ValidationException(validation.Errors);
        if (!limits.TryAcquire(ClientLimit.Registration, clientAddress))
        {
            logger.LogWarning("Registration refused: too many from {Address}.", clientAddress);
            throw new ClientLimitException(ClientLimit.Registration);
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var code = Organisation.NormaliseCode(input.Code!);
        if (await db.Organisations.AnyAsync(o => o.Code == code, ct) || await users.FindByNameAsync(code) is not null)
        {
            throw new AlreadyRegisteredException(code);
        }

        var now = clock.GetUtcNow();
        var edition = await db.Editions.SingleAsync(e => e.IsCurrent, ct);
        var delegationId = input.SubDelegationId ?? input.DelegationId!.Value;
        var delegation = await db.Delegations.SingleOrDefaultAsync(d => d.Id == delegationId, ct);
        if (delegation is null || (input.SubDelegationId is not null && delegation.ParentId != input.DelegationId))
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(input.SubDelegationId), "请重新选择交易团/分团 (choose the delegation again)")]);
        }

        var organisation = new Organisation(input.Region, input.Category, input.OrganisationName!, code, now);
        var registration = new OrganisationRegistration(organisation.Id, edition.Id, delegation.Id, input.ReferralCode);
        db.Organisations.Add(organisation);
        db.Registrations.Add(registration);
        var user = new AppUser
        {
            UserName = code,
            DisplayName = organisation.Name,
            OrganisationId = organisation.Id,
            CreatedAt = now,
            LockoutEnabled = true,
        };
        consents.Add(db, input.PrivacyAccepted, ConsentSubject.RegistrationPrivacyTerms, user.Id, organisation.Id, clientAddress);
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, input.Password!);
            if (!result.Succeeded)
            {
                throw new ValidationException([new FluentValidation.Results.ValidationFailure(nameof(input.Password), string.Join(" ", result.Errors.Select(e => e.Description)))]);
            }
        }
        IdentityResult created;
        try
        {
            // One save: Identity's store saves the tracked organisation, registration and consent with the user.
            created = await users.CreateAsync(user, input.Password!);
        }
        catch (DbUpdateException)
        {
            // Two registrations of one code at the same moment: the unique index lets one through.
            if (await ExistsAsync(code, ct)) throw new AlreadyRegisteredException(code);
            throw;
        }
        if (!created.Succeeded)
        {
            if (created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName))) throw new AlreadyRegisteredException(code);
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, Roles.Visitor);
        logger.LogInformation("Organisation {Code} registered for edition {Edition} (referral {Referral}).", code, edition.Number, input.ReferralCode);
        return new RegistrationCreated(user.Id, organisation.Id, registration.Id);
    }

    private async Task<bool> ExistsAsync(string code, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Organisations.AnyAsync(o => o.Code == code, ct);
    }
}
