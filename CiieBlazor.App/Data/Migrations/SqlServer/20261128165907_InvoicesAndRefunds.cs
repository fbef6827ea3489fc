using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CiieBlazor.App.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InvoicesAndRefunds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Invoices_OrderId",
                table: "Invoices");

            migrationBuilder.AddColumn<string>(
                name: "PaidBy",
                table: "Refunds",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefundReference",
                table: "Refunds",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransactionId",
                table: "Refunds",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Transfer_ByOrganisation",
                table: "Orders",
                type: "bit",
                nullable: true);

            // Transfers reported before the remitter kind was kept: an individual's remitter carries the prefix 个人：.
            migrationBuilder.Sql("UPDATE Orders SET Transfer_ByOrganisation = 1 WHERE Transfer_Remitter IS NOT NULL AND Transfer_Remitter NOT LIKE N'个人：%'");
            migrationBuilder.Sql("UPDATE Orders SET Transfer_ByOrganisation = 0 WHERE Transfer_Remitter LIKE N'个人：%'");

            migrationBuilder.AddColumn<decimal>(
                name: "Amount",
                table: "Invoices",
                type: "decimal(18,2)",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.CreateTable(
                name: "InvoiceDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Number = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    Amount = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    Buyer_Type = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Buyer_Title = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Buyer_TaxNumber = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Buyer_Mobile = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Buyer_Email = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Buyer_Address = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Buyer_Phone = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Buyer_Bank = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Buyer_Account = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Buyer_Remarks = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    IssuedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    OriginalNumber = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    FileId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    InvoiceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InvoiceDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InvoiceDocuments_Invoices_InvoiceId",
                        column: x => x.InvoiceId,
                        principalTable: "Invoices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_PersonId",
                table: "Refunds",
                column: "PersonId",
                unique: true,
                filter: "[PersonId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_Status",
                table: "Refunds",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_OrderId",
                table: "Invoices",
                column: "OrderId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_Status",
                table: "Invoices",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_InvoiceDocuments_InvoiceId",
                table: "InvoiceDocuments",
                column: "InvoiceId");

            migrationBuilder.CreateIndex(
                name: "IX_InvoiceDocuments_Number",
                table: "InvoiceDocuments",
                column: "Number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InvoiceDocuments");

            migrationBuilder.DropIndex(
                name: "IX_Refunds_PersonId",
                table: "Refunds");

            migrationBuilder.DropIndex(
                name: "IX_Refunds_Status",
                table: "Refunds");

            migrationBuilder.DropIndex(
                name: "IX_Invoices_OrderId",
                table: "Invoices");

            migrationBuilder.DropIndex(
                name: "IX_Invoices_Status",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "PaidBy",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "RefundReference",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "TransactionId",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "Transfer_ByOrganisation",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "Amount",
                table: "Invoices");

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_OrderId",
                table: "Invoices",
                column: "OrderId");
        }
    }
}
