using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CiieBlazor.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PersonalDataProtection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Persons_EditionId_DocumentNumber",
                table: "Persons");

            migrationBuilder.AddColumn<string>(
                name: "DocumentIndex",
                table: "Persons",
                type: "TEXT",
                maxLength: 24,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RecipientIndex",
                table: "Outbox",
                type: "TEXT",
                maxLength: 24,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "PersonalDataErasedAt",
                table: "Editions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ConsentRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    PolicyVersion = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsentRecords", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Persons_EditionId_DocumentIndex",
                table: "Persons",
                columns: new[] { "EditionId", "DocumentIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_Persons_PhotoFileId",
                table: "Persons",
                column: "PhotoFileId");

            migrationBuilder.CreateIndex(
                name: "IX_DeliveredMessages_OutboxMessageId",
                table: "DeliveredMessages",
                column: "OutboxMessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ConsentRecords_OrganisationId_At",
                table: "ConsentRecords",
                columns: new[] { "OrganisationId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsentRecords");

            migrationBuilder.DropIndex(
                name: "IX_Persons_EditionId_DocumentIndex",
                table: "Persons");

            migrationBuilder.DropIndex(
                name: "IX_Persons_PhotoFileId",
                table: "Persons");

            migrationBuilder.DropIndex(
                name: "IX_DeliveredMessages_OutboxMessageId",
                table: "DeliveredMessages");

            migrationBuilder.DropColumn(
                name: "DocumentIndex",
                table: "Persons");

            migrationBuilder.DropColumn(
                name: "RecipientIndex",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "PersonalDataErasedAt",
                table: "Editions");

            migrationBuilder.CreateIndex(
                name: "IX_Persons_EditionId_DocumentNumber",
                table: "Persons",
                columns: new[] { "EditionId", "DocumentNumber" });
        }
    }
}
