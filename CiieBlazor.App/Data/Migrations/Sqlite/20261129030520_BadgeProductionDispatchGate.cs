using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CiieBlazor.App.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BadgeProductionDispatchGate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RevokedReason",
                table: "Badges",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Serial",
                table: "Badges",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "ShipmentId",
                table: "Badges",
                type: "TEXT",
                nullable: true);

            migrationBuilder.Sql("UPDATE \"Badges\" SET \"Serial\" = 1 WHERE \"BadgeNumber\" IS NOT NULL");

            migrationBuilder.CreateTable(
                name: "BadgeShipments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CourierCompany = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TrackingNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RecipientPhone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DelegationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    BadgeCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BadgeShipments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GateScans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    EditionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Gate = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    BadgeNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Serial = table.Column<int>(type: "INTEGER", nullable: false),
                    Admitted = table.Column<bool>(type: "INTEGER", nullable: false),
                    Refusal = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Scanned = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GateScans", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_RefundedAt",
                table: "Refunds",
                column: "RefundedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentReceipts_ReceivedAt",
                table: "PaymentReceipts",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Badges_EditionId_BadgeNumber",
                table: "Badges",
                columns: new[] { "EditionId", "BadgeNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_Badges_EditionId_Status",
                table: "Badges",
                columns: new[] { "EditionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Badges_ShipmentId",
                table: "Badges",
                column: "ShipmentId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditRecords_Machine_Id",
                table: "AuditRecords",
                columns: new[] { "Machine", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BadgeShipments_EditionId_CreatedAt",
                table: "BadgeShipments",
                columns: new[] { "EditionId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BadgeShipments_Number",
                table: "BadgeShipments",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GateScans_At",
                table: "GateScans",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_GateScans_EditionId_BadgeNumber_At",
                table: "GateScans",
                columns: new[] { "EditionId", "BadgeNumber", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BadgeShipments");

            migrationBuilder.DropTable(
                name: "GateScans");

            migrationBuilder.DropIndex(
                name: "IX_Refunds_RefundedAt",
                table: "Refunds");

            migrationBuilder.DropIndex(
                name: "IX_PaymentReceipts_ReceivedAt",
                table: "PaymentReceipts");

            migrationBuilder.DropIndex(
                name: "IX_Badges_EditionId_BadgeNumber",
                table: "Badges");

            migrationBuilder.DropIndex(
                name: "IX_Badges_EditionId_Status",
                table: "Badges");

            migrationBuilder.DropIndex(
                name: "IX_Badges_ShipmentId",
                table: "Badges");

            migrationBuilder.DropIndex(
                name: "IX_AuditRecords_Machine_Id",
                table: "AuditRecords");

            migrationBuilder.DropColumn(
                name: "RevokedReason",
                table: "Badges");

            migrationBuilder.DropColumn(
                name: "Serial",
                table: "Badges");

            migrationBuilder.DropColumn(
                name: "ShipmentId",
                table: "Badges");
        }
    }
}
