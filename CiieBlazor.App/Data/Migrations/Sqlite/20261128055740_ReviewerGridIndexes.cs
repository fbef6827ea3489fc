using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CiieBlazor.App.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "SearchName",
                table: "Persons",
                type: "TEXT",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "PersonCounts",
                columns: table => new
                {
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DelegationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PersonType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PickupMethod = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    IsReuse = table.Column<bool>(type: "INTEGER", nullable: false),
                    BadgeStatus = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonCounts", x => new { x.EditionId, x.DelegationId, x.Status, x.Tag, x.PersonType, x.PickupMethod, x.IsReuse, x.BadgeStatus });
                });

            migrationBuilder.CreateTable(
                name: "PersonNameGrams",
                columns: table => new
                {
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Gram = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false)
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

            // Counters of the reviewer grid, kept by triggers from here on (see PersonCounters).
            migrationBuilder.Sql(CiieBlazor.App.Data.PersonCounters.BackfillBadgeStatusSql);
            migrationBuilder.Sql(CiieBlazor.App.Data.PersonCounters.RebuildSql);
            migrationBuilder.Sql(CiieBlazor.App.Data.PersonCounters.SqliteTriggers);
            migrationBuilder.Sql(CiieBlazor.App.Data.PersonCounters.SqliteBadgeTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CiieBlazor.App.Data.PersonCounters.SqliteDropTriggers);

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
