using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CiieBlazor.App.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReviewerGridIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Persons_EditionId_DelegationId_Status",
                table: "Persons");

            migrationBuilder.AddColumn<string>(
                name: "BadgeStatus",
                table: "Persons",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "SearchName",
                table: "Persons",
                type: "nvarchar(50)",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "PersonCounts",
                columns: table => new
                {
                    EditionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DelegationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Tag = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    PersonType = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    PickupMethod = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    IsReuse = table.Column<bool>(type: "bit", nullable: false),
                    BadgeStatus = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonCounts", x => new { x.EditionId, x.DelegationId, x.Status, x.Tag, x.PersonType, x.PickupMethod, x.IsReuse, x.BadgeStatus });
                });

            migrationBuilder.CreateTable(
                name: "PersonNameGrams",
                columns: table => new
                {
                    EditionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Gram = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    PersonId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonNameGrams", x => new { x.EditionId, x.Gram, x.PersonId });
                    table.ForeignKey(
                        name: "FK_PersonNameGrams_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Persons_EditionId_DelegationId_Status_Id",
                table: "Persons",
                columns: new[] { "EditionId", "DelegationId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Persons_EditionId_SearchName",
                table: "Persons",
                columns: new[] { "EditionId", "SearchName" });

            migrationBuilder.CreateIndex(
                name: "IX_Persons_EditionId_Status_Id",
                table: "Persons",
                columns: new[] { "EditionId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Persons_Grid_Delegation",
                table: "Persons",
                columns: new[] { "EditionId", "DelegationId", "Id", "Status", "Tag", "PersonType", "PickupMethod", "IsReuse", "EntryFrom", "EntryTo", "BadgeStatus", "SearchName" });

            migrationBuilder.CreateIndex(
                name: "IX_Persons_Grid_Edition",
                table: "Persons",
                columns: new[] { "EditionId", "Id", "Status", "Tag", "PersonType", "PickupMethod", "IsReuse", "EntryFrom", "EntryTo", "BadgeStatus", "SearchName" });

            migrationBuilder.CreateIndex(
                name: "IX_PersonNameGrams_PersonId",
                table: "PersonNameGrams",
                column: "PersonId");

            // Counters of the reviewer grid, kept by the trigger from here on (see PersonCounters).
            migrationBuilder.Sql(CiieBlazor.App.Data.PersonCounters.BackfillBadgeStatusSql);
            migrationBuilder.Sql(CiieBlazor.App.Data.PersonCounters.RebuildSql);
            migrationBuilder.Sql(CiieBlazor.App.Data.PersonCounters.SqlServerTrigger);
            migrationBuilder.Sql(CiieBlazor.App.Data.PersonCounters.SqlServerBadgeTrigger);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [TR_Persons_Counts];");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [TR_Badges_Person];");

            migrationBuilder.DropTable(
                name: "PersonCounts");

            migrationBuilder.DropTable(
                name: "PersonNameGrams");

            migrationBuilder.DropIndex(
                name: "IX_Persons_EditionId_DelegationId_Status_Id",
                table: "Persons");

            migrationBuilder.DropIndex(
                name: "IX_Persons_EditionId_SearchName",
                table: "Persons");

            migrationBuilder.DropIndex(
                name: "IX_Persons_EditionId_Status_Id",
                table: "Persons");

            migrationBuilder.DropIndex(
                name: "IX_Persons_Grid_Delegation",
                table: "Persons");

            migrationBuilder.DropIndex(
                name: "IX_Persons_Grid_Edition",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "BadgeStatus",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "SearchName",
                table: "Persons");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_EditionId_DelegationId_Status",
                table: "Persons",
                columns: new[] { "EditionId", "DelegationId", "Status" });
        }
    }
}
