-- AddForeignKey: a key lab's pack names its city, so a registered lab's evaluation (a task with no case)
-- is listed and opened only within that city.
ALTER TABLE "key_labs" ADD CONSTRAINT "key_labs_pack_id_fkey" FOREIGN KEY ("pack_id") REFERENCES "policy_packs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
